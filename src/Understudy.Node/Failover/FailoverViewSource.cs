using System.Collections.Immutable;
using Understudy.Core.Config;
using Understudy.Core.Failover;
using Understudy.Core.Membership;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Failover;

/// <summary>
/// Builds the leader's <see cref="FailoverView"/>: node order from the cluster file, and which Down
/// nodes' leases have surely expired (<see cref="LeaseRule"/>), counting from the last lease this
/// node granted them and from the moment this node became leader — or, for the leader of the
/// term just before, from what <see cref="LeadershipWatch"/> saw of it.
/// </summary>
internal sealed class FailoverViewSource(ClusterConfig config, NodeIdentity self, RaftHost raft, LeaseGrants grants, LeadershipWatch leaders, Monotonic clock, FailoverOptions options)
{
    private readonly ImmutableArray<string> _order = config.RoleHosts;
    private readonly Lock _gate = new();
    private long _term = -1;
    private TimeSpan _leaderSince;

    public FailoverView Current()
    {
        var now = clock.Now;
        lock (_gate)
        {
            if (raft.Term != _term)
            {
                _term = raft.Term;
                _leaderSince = now;
            }
        }

        // The leader of the term just before this one, if this node saw it commit its term.
        var predecessor = leaders.Seen(_term - 1);
        var state = raft.State;
        var expired = config.Nodes
            .Where(n => n.Name != self.Name && state.NodeOrJoining(n.Name).State == NodeState.Down)
            .Where(n => predecessor is { } p && p.Node == n.Name
                ? LeaseRule.PredecessorSurelyExpired(grants.Last(n.Name), _leaderSince, p.Seen, now, options.Timing)
                : LeaseRule.SurelyExpired(grants.Last(n.Name), _leaderSince, now, options.Lease, options.Margin))
            .Select(n => n.Name);
        return new FailoverView(_order, [.. expired]);
    }
}
