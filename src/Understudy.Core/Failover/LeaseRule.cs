namespace Understudy.Core.Failover;

/// <summary>
/// When the leader may consider a silent node's lease over. A node renews its lease by asking
/// the leader for a grant (the leader notes the arrival, then confirms its leadership with a
/// majority before it answers), and its lease runs <c>lease</c> from the moment it <em>sent</em>
/// that request — before the leader noted it. So once <c>lease + margin</c> has passed since the
/// last grant the leader noted, any lease the node holds has surely ended; the margin covers
/// clock-rate differences, the guard waking and killing, and scheduling delay. A leader that was
/// only just elected cannot know what its predecessor granted, but every such grant was
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

    /// <summary>
    /// The same for the node that led the term just before this leader's — only when this leader
    /// was elected in the very next term (<c>predecessor term + 1</c>), so no other leader came
    /// between. That node's leases were then of two kinds. Those it granted itself as leader last
    /// <c>leaderLease</c> and were requested before this leader's election (each was confirmed by
    /// a majority of its term before that majority voted in the next one). Those granted to it
    /// by earlier leaders were requested before its own election, which was before this node
    /// first saw it lead (<paramref name="predecessorSeen"/>). So its lease ended by
    /// <c>max(leaderSince + leaderLease, predecessorSeen + lease)</c> — for a leader that led for
    /// more than <c>lease − leaderLease</c>, the shorter self-granted lease is all that is left to
    /// wait for, instead of a whole lease from the election.
    /// </summary>
    /// <param name="lastGrant">When this leader last granted the node a lease, or null if never.</param>
    /// <param name="leaderSince">When this node became leader.</param>
    /// <param name="predecessorSeen">When this node first saw the predecessor's <see cref="Database.LeaderElected"/>.</param>
    /// <param name="now">Leader's monotonic now.</param>
    /// <param name="timing">Lease timing.</param>
    public static bool PredecessorSurelyExpired(TimeSpan? lastGrant, TimeSpan leaderSince, TimeSpan predecessorSeen, TimeSpan now, LeaseTiming timing)
    {
        var end = Max(leaderSince + timing.LeaderLease, predecessorSeen + timing.Lease);
        if (lastGrant is { } granted && granted > leaderSince)
        {
            end = Max(end, granted + timing.Lease);
        }

        return now - end > timing.Margin;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
