namespace Understudy.Core.Failover;

/// <summary>
/// How often a role may fail over before it is left Failed where it is: at most
/// <see cref="MaxFailovers"/> failovers within any <see cref="Window"/> (WSFC: N−1 in 6 hours,
/// N the number of nodes, so a role that crashes everywhere stops touring the cluster).
/// </summary>
/// <param name="MaxFailovers">Failovers allowed, or null for N−1.</param>
/// <param name="Window">Sliding window the failovers are counted in.</param>
public sealed record FailoverPolicy(int? MaxFailovers, TimeSpan Window)
{
    /// <summary>N−1 failovers within 6 hours, as WSFC.</summary>
    public static FailoverPolicy Default { get; } = new(null, TimeSpan.FromHours(6));

    /// <summary>The limit for a cluster of <paramref name="nodeCount"/> nodes.</summary>
    public int LimitFor(int nodeCount) => MaxFailovers ?? Math.Max(nodeCount - 1, 0);

    /// <summary>Whether one more failover is allowed at <paramref name="now"/>. A failover exactly
    /// <see cref="Window"/> ago has left the window.</summary>
    public bool AllowsFailover(IEnumerable<DateTimeOffset> failovers, DateTimeOffset now, int nodeCount) =>
        failovers.Count(t => now - t < Window) < LimitFor(nodeCount);
}
