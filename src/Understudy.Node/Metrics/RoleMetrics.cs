using System.Diagnostics.Metrics;
using Understudy.Core.Failover;
using Understudy.Node.Database;

namespace Understudy.Node.Metrics;

/// <summary>
/// Failover roles as metrics, read from this node's copy of the cluster database at each scrape
/// (observable, so committing pays nothing). Same meter as <see cref="NodeMetrics"/>.
/// </summary>
internal sealed class RoleMetrics : IDisposable
{
    public const string RoleState = "understudy.role.state";
    public const string RoleRestarts = "understudy.role.restarts";
    public const string RoleFencingToken = "understudy.role.fencing_token";
    public const string RoleRecentFailovers = "understudy.role.recent_failovers";
    public const string FencingCounter = "understudy.fencing.counter";

    private static readonly RoleState[] States = Enum.GetValues<RoleState>();

    private readonly Meter _meter = new(NodeMetrics.MeterName);

    public RoleMetrics(RaftHost raft)
    {
        _meter.CreateObservableGauge(
            RoleState,
            () => raft.State.Roles.Values.SelectMany(r => States.Select(s => new Measurement<int>(
                r.State == s ? 1 : 0, Tag("role", r.Name), Tag("state", s.ToString())))),
            description: "1 for each role's current state (Online, Pending, Offline, Failed), 0 for the others");
        _meter.CreateObservableGauge(
            RoleRestarts,
            () => raft.State.Roles.Values.Select(r => new Measurement<int>(r.Restarts, Tag("role", r.Name))),
            "{restart}",
            "Restarts in place on the role's current owner (reset by a move)");
        _meter.CreateObservableGauge(
            RoleFencingToken,
            () => raft.State.Roles.Values.Select(r => new Measurement<long>(r.FencingToken, Tag("role", r.Name))),
            description: "Fencing token of the role's current ownership; it grows with every change of owner, so its increase counts owner changes");
        _meter.CreateObservableGauge(
            RoleRecentFailovers,
            () => raft.State.Roles.Values.Select(r => new Measurement<int>(r.FailoverTimes.Length, Tag("role", r.Name))),
            "{failover}",
            "Failovers of the role inside its failover window (the count its failover limit is checked against)");
        _meter.CreateObservableGauge(FencingCounter, () => raft.State.FencingCounter, description: "The last fencing token issued, cluster-wide");
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    public void Dispose() => _meter.Dispose();
}
