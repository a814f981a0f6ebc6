using System.Collections.Immutable;
using Understudy.Core.Database;
using Understudy.Core.Membership;

namespace Understudy.Core.Failover;

/// <summary>
/// The leader's <see cref="FailoverView.LeaseExpired"/>: the Down nodes whose lease has surely run
/// out by its clock, so their roles may be given to another node. Each counts from the last lease
/// this leader granted it and from this leader's election (<see cref="LeaseRule.SurelyExpired"/>);
/// the leader of the term just before, when this leader saw it lead, by the shorter bound of
/// <see cref="LeaseRule.PredecessorSurelyExpired"/>. The leader never lists itself, and nodes that
/// are not Down (Up, Paused, Joining) are not listed: their roles are not failed over.
/// </summary>
public static class ExpiredLeases
{
    /// <summary>The Down nodes among <paramref name="nodes"/> whose lease has surely expired at <paramref name="now"/>.</summary>
    /// <param name="state">The leader's database (node states).</param>
    /// <param name="nodes">Every node of the cluster file.</param>
    /// <param name="leader">This node, the leader.</param>
    /// <param name="lastGrant">When this leader last granted a node a lease, or null if never.</param>
    /// <param name="leaderSince">When this node became leader (its monotonic clock).</param>
    /// <param name="predecessor">The leader of the term just before this one, if this node saw it lead; else null.</param>
    /// <param name="now">Leader's monotonic now.</param>
    /// <param name="timing">Lease timing.</param>
    public static ImmutableHashSet<string> Of(
        ClusterState state,
        IEnumerable<string> nodes,
        string leader,
        Func<string, TimeSpan?> lastGrant,
        TimeSpan leaderSince,
        LeaderSighting? predecessor,
        TimeSpan now,
        LeaseTiming timing)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(lastGrant);
        ArgumentNullException.ThrowIfNull(timing);
        return nodes
            .Where(n => n != leader && state.NodeOrJoining(n).State == NodeState.Down)
            .Where(n => predecessor is { } p && p.Node == n
                ? LeaseRule.PredecessorSurelyExpired(lastGrant(n), leaderSince, p.Seen, now, timing)
                : LeaseRule.SurelyExpired(lastGrant(n), leaderSince, now, timing.Lease, timing.Margin))
            .ToImmutableHashSet(StringComparer.Ordinal);
    }
}
