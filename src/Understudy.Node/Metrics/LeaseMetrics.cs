using System.Diagnostics.Metrics;
using Understudy.Node.Failover;

namespace Understudy.Node.Metrics;

/// <summary>
/// This node's lease as metrics (observable, read at each scrape): how long it still runs, and
/// how often it was acquired, lost, and kept by a majority's notes while no leader granted it.
/// Same meter as <see cref="NodeMetrics"/>.
/// </summary>
internal sealed class LeaseMetrics : IDisposable
{
    public const string Remaining = "understudy.lease.remaining";
    public const string Acquired = "understudy.lease.acquired";
    public const string Lost = "understudy.lease.lost";
    public const string Witnessed = "understudy.lease.witnessed_renewals";

    private readonly Meter _meter = new(NodeMetrics.MeterName);

    public LeaseMetrics(LeaseKeeper lease)
    {
        _meter.CreateObservableGauge(Remaining, () => lease.Remaining.TotalSeconds, "s", "How long this node's lease still runs; 0 when it holds none (its roles' guards stop them then)");
        _meter.CreateObservableCounter(Acquired, () => lease.Acquisitions, "{lease}", "Times this node acquired its lease after holding none");
        _meter.CreateObservableCounter(Lost, () => lease.Losses, "{lease}", "Times this node's lease ran out while it held it (no grant, no majority of notes)");
        _meter.CreateObservableCounter(Witnessed, () => lease.WitnessedRenewals, "{renewal}", "Renewals a majority of members noted because no leader granted them (a stalled leader, an election)");
    }

    public void Dispose() => _meter.Dispose();
}
