using System.Diagnostics.Metrics;
using Understudy.Node.VmRoles;

namespace Understudy.Node.Metrics;

/// <summary>
/// The VMs this node runs, as metrics (observable, read at each scrape): each guest's heartbeat
/// age — the signal a hung guest shows first, since its host's heartbeat says nothing about it —
/// and the live migrations this node sent, fell back from, and received, with the last one's
/// downtime per VM. Same meter as <see cref="NodeMetrics"/>.
/// </summary>
internal sealed class VmMetrics : IDisposable
{
    public const string HeartbeatAge = "understudy.vm.heartbeat_age";
    public const string Running = "understudy.vm.running";
    public const string MigrationsSent = "understudy.vm.migrations.sent";
    public const string MigrationsFellBack = "understudy.vm.migrations.fell_back";
    public const string MigrationsReceived = "understudy.vm.migrations.received";
    public const string MigrationDowntime = "understudy.vm.migration.downtime";

    private readonly Meter _meter = new(NodeMetrics.MeterName);

    public VmMetrics(VmHost host, VmMigrations migrations, VmMigrationCounts counts)
    {
        _meter.CreateObservableGauge(
            HeartbeatAge,
            () => host.Running.Where(v => v.Monitor.SinceLastHeartbeat() is not null)
                .Select(v => new Measurement<double>(v.Monitor.SinceLastHeartbeat()!.Value.TotalSeconds, Tag("vm", v.Vm.Settings.Name))),
            "s",
            "Time since this node last heard the guest's own heartbeat (absent before the first one)");
        _meter.CreateObservableGauge(Running, () => host.Running.Count, "{vm}", "VMs this node runs now");
        _meter.CreateObservableCounter(MigrationsSent, () => counts.SentCount, "{migration}", "Live migrations from this node that completed (the guest runs on the new owner)");
        _meter.CreateObservableCounter(MigrationsFellBack, () => counts.FellBackCount, "{migration}", "Planned moves whose live migration failed, so the VM was stopped here and booted on the new owner");
        _meter.CreateObservableCounter(MigrationsReceived, () => counts.ReceivedCount, "{migration}", "Live migrations into this node that completed");
        _meter.CreateObservableGauge(
            MigrationDowntime,
            () => host.Running.Select(v => (v.Vm.Settings.Name, Last: migrations.Last(v.Vm.Settings.Name)))
                .Where(v => v.Last is not null)
                .Select(v => new Measurement<double>(v.Last!.DowntimeMs / 1000, Tag("vm", v.Name))),
            "s",
            "QEMU's downtime (guest paused for the last copy) of the last live migration into this node, per VM it runs");
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    public void Dispose() => _meter.Dispose();
}
