namespace Understudy.Core.Failover;

/// <summary>
/// Timing of the leases that keep a role on one node at a time (the <c>failover:</c> section of
/// the cluster file; docs/failover.md, "Why a 1 s lease"). Every node must use the same values:
/// they come from the one cluster file.
/// </summary>
public sealed record LeaseTiming
{
    /// <summary>How long a node may run its roles after it asked for its last granted renewal:
    /// 1 s, the default detection window (4 × 250 ms), so waiting for the lease adds almost
    /// nothing to a failover while five renewals per lease ride out scheduler stalls of several
    /// hundred milliseconds.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the lease is renewed: 200 ms, a fifth of the lease (the leader renews
    /// its own twice as often).</summary>
    public TimeSpan Renew { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The lease the leader grants itself: 700 ms. A newly elected leader must wait out its
    /// predecessor's self-granted lease from its own election (<see cref="LeaseRule"/>), so this
    /// is what an owner that was also the leader adds to its failover; the leader renews it every
    /// <c>renew / 2</c>, so it still rides out a 600 ms stall.</summary>
    public TimeSpan LeaderLease { get; init; } = TimeSpan.FromMilliseconds(700);

    /// <summary>What the leader adds to the lease before it gives a silent node's roles away:
    /// the time for the guard to notice the deadline and kill the workload (the native guard
    /// sleeps until the deadline itself; the fallback guard polls every 50 ms), scheduling delay
    /// on a busy machine, and clock-rate differences (parts per million). 150 ms.</summary>
    public TimeSpan Margin { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>The defaults.</summary>
    public static LeaseTiming Default { get; } = new();

    /// <summary>Why these values cannot work together, or null when they can: a lease must be
    /// renewable at least twice before it runs out, and the leader's is the shorter.</summary>
    public string? Problem() =>
        LeaderLease > Lease ? $"leaderLease ({Format(LeaderLease)}) must be at most lease ({Format(Lease)})"
        : Renew * 2 > LeaderLease ? $"renew ({Format(Renew)}) must be at most half of leaderLease ({Format(LeaderLease)}) and of lease ({Format(Lease)}), so one lost renewal does not end a lease"
        : null;

    private static string Format(TimeSpan value) => $"{value.TotalMilliseconds:0}ms";
}
