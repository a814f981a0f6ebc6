namespace Understudy.Core.Failover;

/// <summary>
/// When the leader may consider a silent node's lease over. A node renews its lease by a
/// read barrier through the leader (a round trip with a leader that has quorum), and its lease
/// runs <c>lease</c> from the moment it <em>sent</em> that request. The leader last heard the node
/// at <c>lastHeard</c> (heartbeat), so any renewal the node holds started before that, and has
/// surely ended once <c>lease + margin</c> has passed since; the margin covers clock-rate
/// differences, the guard's poll interval and the time to kill a process. A leader that was only
/// just elected cannot know what its predecessor granted, so it counts from its own election too.
/// </summary>
public static class LeaseRule
{
    /// <summary>Whether the node's lease has surely expired at <paramref name="now"/>.</summary>
    /// <param name="lastHeard">When the leader last heard the node, or null if never (since it started).</param>
    /// <param name="leaderSince">When this node became leader.</param>
    /// <param name="now">Leader's monotonic now.</param>
    /// <param name="lease">Lease duration.</param>
    /// <param name="margin">Safety margin.</param>
    public static bool SurelyExpired(TimeSpan? lastHeard, TimeSpan leaderSince, TimeSpan now, TimeSpan lease, TimeSpan margin)
    {
        var from = lastHeard is { } heard && heard > leaderSince ? heard : leaderSince;
        return now - from > lease + margin;
    }
}
