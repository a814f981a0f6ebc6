namespace Understudy.Core.Failover;

/// <summary>
/// When the leader may consider a silent node's lease over. A node renews its lease by asking
/// the leader for a grant (the leader notes the arrival, then confirms its leadership with a
/// majority before it answers), and its lease runs <c>lease</c> from the moment it <em>sent</em>
/// that request — before the leader noted it. So once <c>lease + margin</c> has passed since the
/// last grant the leader noted, any lease the node holds has surely ended; the margin covers
/// clock-rate differences, the guard's poll interval and the time to kill a process. A leader
/// that was only just elected cannot know what its predecessor granted, but every such grant was
/// confirmed by a majority before that majority elected it, so it counts from its own election.
/// Heartbeats are no substitute: a lost heartbeat and a successful renewal can cross, so the last
/// heartbeat heard can be older than the last grant (the partition simulation found exactly that).
/// </summary>
public static class LeaseRule
{
    /// <summary>Whether the node's lease has surely expired at <paramref name="now"/>.</summary>
    /// <param name="lastGrant">When this leader last granted the node a lease, or null if never.</param>
    /// <param name="leaderSince">When this node became leader.</param>
    /// <param name="now">Leader's monotonic now.</param>
    /// <param name="lease">Lease duration.</param>
    /// <param name="margin">Safety margin.</param>
    public static bool SurelyExpired(TimeSpan? lastGrant, TimeSpan leaderSince, TimeSpan now, TimeSpan lease, TimeSpan margin)
    {
        var from = lastGrant is { } granted && granted > leaderSince ? granted : leaderSince;
        return now - from > lease + margin;
    }
}
