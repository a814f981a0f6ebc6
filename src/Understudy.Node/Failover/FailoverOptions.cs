namespace Understudy.Node.Failover;

/// <summary>Timing of leases and the reconciler (docs/failover.md, "Why a 1 s lease").</summary>
internal sealed record FailoverOptions
{
    /// <summary>
    /// How long a node may run its roles after it last started a successful read barrier through
    /// the leader: 1 s, the same as the default detection window (4 x 250 ms), so waiting for the
    /// lease adds almost nothing to a failover, while five renewals per lease ride out scheduler
    /// stalls of several hundred milliseconds on a busy machine.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the lease is renewed: 200 ms, a fifth of the lease.</summary>
    public TimeSpan Renew { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>What the leader adds to the lease before it gives a silent node's roles away:
    /// the guard's poll interval (50 ms), the time to kill a process, and clock-rate slack.</summary>
    public TimeSpan Margin { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How often each node compares the database with what runs locally.</summary>
    public TimeSpan Reconcile { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often the guard checks the lease file.</summary>
    public static readonly TimeSpan GuardPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>The defaults.</summary>
    public static FailoverOptions Default { get; } = new();
}
