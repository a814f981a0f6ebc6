using System.Diagnostics.Metrics;
using Understudy.Core.Config;
using Understudy.Core.Membership;
using Understudy.Node.Database;
using Understudy.Core.Nlb;
using Understudy.Node.Heartbeats;
using Understudy.Node.Nlb;
using Understudy.Node.Nlb.Steering;

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
    public const string NlbAccepted = "understudy.nlb.connections.accepted";
    public const string NlbUnrouted = "understudy.nlb.connections.unrouted";
    public const string NlbShed = "understudy.nlb.connections.shed";
    public const string NlbOpen = "understudy.nlb.connections.open";
    public const string NlbRetries = "understudy.nlb.retries";
    public const string NlbRefused = "understudy.nlb.http.refused";
    public const string NlbBuckets = "understudy.nlb.buckets";
    public const string NlbSteering = "understudy.nlb.steering";

    private readonly Meter _meter = new(MeterName);

    public NodeMetrics(ClusterConfig config, HeartbeatCounters counters, RaftHost raft, NlbMetricSources nlb)
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
        AddNlb(nlb);
    }

    /// <summary>What this node's NLB data plane forwards; nothing without an <c>nlb:</c> section.</summary>
    private void AddNlb(NlbMetricSources nlb)
    {
        var (counters, connections, views, steering) = nlb;
        _meter.CreateObservableCounter(
            NlbAccepted,
            () => new[] { NlbProtocol.Http, NlbProtocol.Tcp, NlbProtocol.Udp }.Select(p => new Measurement<long>(
                counters.AcceptedOf(p), new KeyValuePair<string, object?>("protocol", p.ToString().ToLowerInvariant()))),
            "{connection}",
            "Connections (TCP, HTTP) and client flows (UDP) this node took and routed to a member");
        _meter.CreateObservableCounter(NlbUnrouted, () => counters.UnroutedCount, "{connection}", "Connections and flows no member could take");
        _meter.CreateObservableCounter(
            NlbShed,
            () => from p in new[] { NlbProtocol.Http, NlbProtocol.Tcp, NlbProtocol.Udp }
                  from exhausted in new[] { false, true }
                  select new Measurement<long>(
                      counters.ShedCount(p, exhausted),
                      new KeyValuePair<string, object?>("protocol", p.ToString().ToLowerInvariant()),
                      new KeyValuePair<string, object?>("reason", exhausted ? "descriptors" : "cap")),
            "{connection}",
            "Connections and UDP flows refused before routing: the node held nlb.maxConnections / nlb.maxUdpSessions (cap), or had no descriptor left (descriptors)");
        _meter.CreateObservableGauge(
            NlbOpen,
            () => connections.Snapshot().Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("member", p.Key))),
            "{connection}",
            "Connections (and HTTP requests in flight) this node forwards to each member now");
        _meter.CreateObservableCounter(
            NlbRetries,
            () => new[]
            {
                new Measurement<long>(counters.RetriedNextOwnerCount, new KeyValuePair<string, object?>("to", "next_owner")),
                new Measurement<long>(counters.RetriedSameMemberCount, new KeyValuePair<string, object?>("to", "same_member")),
            },
            "{retry}",
            "Failed connects and unanswered replayable requests sent again");
        _meter.CreateObservableCounter(
            NlbRefused,
            () => NlbCounters.RefusalStatuses.Select(status => new Measurement<long>(
                counters.RefusedWith(status), new KeyValuePair<string, object?>("status", status))),
            "{request}",
            "HTTP requests the data plane answered itself (400, 408, 431, 502, 503, 504)");
        _meter.CreateObservableGauge(
            NlbBuckets,
            () => views.Current is { } view
                ? view.Rules.SelectMany(r => r.Map.Members.Select(m => new Measurement<int>(
                    r.Map.BucketsOwnedBy(m), new KeyValuePair<string, object?>("rule", r.Rule.Name), new KeyValuePair<string, object?>("member", m))))
                : [],
            "{bucket}",
            "Buckets each member owns per rule, in this node's view");
        _meter.CreateObservableGauge(
            NlbSteering,
            () => steering.Current is { } s ? [new Measurement<int>(s.Enabled ? 1 : 0)] : Array.Empty<Measurement<int>>(),
            description: "1 while this node steers new cluster-address connections to their owner's node");
    }

    public void Dispose() => _meter.Dispose();
}

/// <summary>The NLB state the metrics read.</summary>
internal sealed record NlbMetricSources(NlbCounters Counters, NlbConnections Connections, NlbViewSource Views, SteeringStatus Steering);
