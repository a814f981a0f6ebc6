using System.Diagnostics.Metrics;
using Understudy.Core.Config;
using Understudy.Core.Membership;
using Understudy.Node.Database;
using Understudy.Node.Heartbeats;

namespace Understudy.Node.Metrics;

/// <summary>
/// The node's metrics, scraped by Prometheus at <c>GET /metrics</c>. All instruments are
/// observable: they read counters and state that exist anyway, so the hot paths pay nothing.
/// </summary>
internal sealed class NodeMetrics : IDisposable
{
    /// <summary>Name of the meter; also what OpenTelemetry is told to export.</summary>
    public const string MeterName = "Understudy.Node";

    public const string HeartbeatsSent = "understudy.heartbeats.sent";
    public const string HeartbeatsAccepted = "understudy.heartbeats.accepted";
    public const string HeartbeatsDropped = "understudy.heartbeats.dropped";
    public const string RaftTerm = "understudy.raft.term";
    public const string RaftLeader = "understudy.raft.leader";
    public const string RaftQuorum = "understudy.raft.quorum";
    public const string DatabaseVersion = "understudy.database.version";
    public const string NodeUp = "understudy.node.up";

    private readonly Meter _meter = new(MeterName);

    public NodeMetrics(ClusterConfig config, HeartbeatCounters counters, RaftHost raft)
    {
        _meter.CreateObservableCounter(HeartbeatsSent, () => counters.Sent, "{datagram}", "Heartbeat datagrams sent");
        _meter.CreateObservableCounter(HeartbeatsAccepted, () => counters.Accepted, "{datagram}", "Heartbeat datagrams accepted");
        _meter.CreateObservableCounter(
            HeartbeatsDropped,
            () => counters.Dropped().Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("reason", d.Key))),
            "{datagram}",
            "Heartbeat datagrams dropped, by reason");
        _meter.CreateObservableGauge(RaftTerm, () => raft.Term, description: "Raft term this node is in");
        _meter.CreateObservableGauge(RaftLeader, () => raft.IsLeader ? 1 : 0, description: "1 while this node is the Raft leader");
        _meter.CreateObservableGauge(RaftQuorum, () => raft.HasQuorum ? 1 : 0, description: "1 while this node is part of a majority with a leader");
        _meter.CreateObservableGauge(DatabaseVersion, () => raft.State.Version, description: "Raft index of the last applied command");
        _meter.CreateObservableGauge(
            NodeUp,
            () => config.Nodes.Select(n => new Measurement<int>(
                raft.State.NodeOrJoining(n.Name).State == NodeState.Up ? 1 : 0,
                new KeyValuePair<string, object?>("node", n.Name))),
            description: "1 while the node is Up in the cluster database");
    }

    public void Dispose() => _meter.Dispose();
}
