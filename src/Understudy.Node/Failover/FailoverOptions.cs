using Understudy.Core.Failover;

namespace Understudy.Node.Failover;

/// <summary>Timing of leases (from the cluster file, <see cref="LeaseTiming"/>) and of the
/// reconciler (docs/failover.md, "Why a 1 s lease").</summary>
internal sealed record FailoverOptions
{
    /// <inheritdoc cref="LeaseTiming.Lease"/>
    public TimeSpan Lease { get; init; } = LeaseTiming.Default.Lease;

    /// <inheritdoc cref="LeaseTiming.Renew"/>
    public TimeSpan Renew { get; init; } = LeaseTiming.Default.Renew;

    /// <inheritdoc cref="LeaseTiming.LeaderLease"/>
    public TimeSpan LeaderLease { get; init; } = LeaseTiming.Default.LeaderLease;

    /// <inheritdoc cref="LeaseTiming.Margin"/>
    public TimeSpan Margin { get; init; } = LeaseTiming.Default.Margin;

    /// <summary>How often each node compares the database with what runs locally.</summary>
    public TimeSpan Reconcile { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often the fallback (.NET) guard rereads the lease file between deadlines.</summary>
    public static readonly TimeSpan GuardPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>The defaults.</summary>
    public static FailoverOptions Default { get; } = new();

    /// <summary>The options for a cluster file's lease timing.</summary>
    public static FailoverOptions From(LeaseTiming timing) => new() { Lease = timing.Lease, Renew = timing.Renew, LeaderLease = timing.LeaderLease, Margin = timing.Margin };

    /// <summary>The lease timing these options carry.</summary>
    public LeaseTiming Timing => new() { Lease = Lease, Renew = Renew, LeaderLease = LeaderLease, Margin = Margin };
}
