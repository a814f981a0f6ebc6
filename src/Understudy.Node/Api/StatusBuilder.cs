using Understudy.Core.Config;
using Understudy.Core.Membership;
using Understudy.Node.Database;
using Understudy.Node.Heartbeats;
using Understudy.Node.Hosting;

namespace Understudy.Node.Api;

/// <summary>Assembles the status document from the database and this node's own observations.</summary>
internal sealed class StatusBuilder(
    ClusterConfig config,
    NodeIdentity self,
    RaftHost raft,
    PeerTable peers,
    HeartbeatCounters counters,
    Monotonic clock,
    NlbStatusBuilder? nlb = null)
{
    public StatusDocument Build()
    {
        var state = raft.State;
        var now = clock.Now;
        return new StatusDocument
        {
            Cluster = config.Name,
            AnsweredBy = self.Name,
            Leader = raft.LeaderName,
            Term = raft.Term,
            Quorum = raft.HasQuorum,
            Version = state.Version,
            Digest = Understudy.Core.Database.DatabaseDigest.Of(state),
            Maintenance = state.Maintenance,
            TokenGeneration = state.OperatorTokenGeneration,
            Software = NodeSoftwareVersion.Current,
            Protocol = DatabaseProtocol.Current,
            Nodes = [.. config.Nodes.Select(n => Describe(n, state.NodeOrJoining(n.Name), state.Software.GetValueOrDefault(n.Name), now))],
            Roles = [.. state.Roles.Values.Select(RoleDocument.From)],
            Heartbeats = new HeartbeatDocument
            {
                Sent = counters.Sent,
                Accepted = counters.Accepted,
                Dropped = counters.Dropped(),
            },
            Nlb = nlb?.Build(), // none on a witness: it runs no NLB
        };
    }

    private NodeDocument Describe(NodeConfig node, NodeStatus status, NodeSoftware? software, TimeSpan now)
    {
        var isSelf = node.Name == self.Name;
        var peer = peers.Find(node.Name);
        var sinceLast = isSelf ? TimeSpan.Zero : peer?.SinceLastHeartbeat(now);
        int? pid = status.State is NodeState.Up or NodeState.Paused
            ? isSelf ? self.ProcessId : peer?.ProcessId ?? status.ProcessId
            : null;
        return new NodeDocument
        {
            Name = node.Name,
            State = status.State.ToString(),
            Address = node.Address.ToString(),
            ApiUrl = node.ApiUrl,
            Pid = pid,
            LastHeartbeatMs = sinceLast is { } s ? (long)s.TotalMilliseconds : null,
            Since = status.Since,
            Reason = status.Reason,
            Vote = node.Vote,
            QuarantinedUntil = status.QuarantinedUntil,
            Software = software?.Version,
            Protocol = software?.Protocol,
        };
    }
}
