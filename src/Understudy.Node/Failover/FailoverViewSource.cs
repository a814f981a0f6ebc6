using System.Collections.Immutable;
using Understudy.Core.Config;
using Understudy.Core.Failover;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Failover;

/// <summary>
/// Builds the leader's <see cref="FailoverView"/>: node order from the cluster file, and which Down
/// nodes' leases have surely expired (Core's <see cref="ExpiredLeases"/>), from the last lease this
/// node granted each, the moment this node became leader (the first call in a new term), and
/// what <see cref="LeadershipWatch"/> saw of the leader of the term just before — and, for a
/// node whose roles await its release, only once its witnessed leases have surely ended too
/// (<see cref="LeaseFences"/>).
/// </summary>
internal sealed class FailoverViewSource(ClusterConfig config, NodeIdentity self, RaftHost raft, LeaseGrants grants, LeadershipWatch leaders, LeaseFences fences, Monotonic clock, FailoverOptions options)
{
    private readonly ImmutableArray<string> _order = config.RoleHosts;
    private readonly ImmutableArray<string> _nodes = [.. config.Nodes.Select(n => n.Name)];
    private readonly LeaseTiming _timing = options.Timing;
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

        // Seen(_term - 1): the leader of the term just before this one, if this node saw it commit its term.
        var state = raft.State;
        foreach (var node in _nodes)
        {
            if (node != self.Name && LeaseWitness.PrefenceToken(state, node) is { } early)
            {
                fences.Ended(node, early);
            }
        }

        var expired = ExpiredLeases.Of(state, _nodes, self.Name, grants.Last, _leaderSince, leaders.Seen(_term - 1), now, _timing)
            .Where(n => LeaseWitness.FenceToken(state, n) is not { } token || fences.Ended(n, token))
            .ToImmutableHashSet(StringComparer.Ordinal);
        return new FailoverView(_order, expired);
    }
}
