using System.Net;
using System.Net.Sockets;
using Understudy.Core.Vms;
using Understudy.Node.Vms;
using Understudy.Node.Vms.Qemu;

namespace Understudy.Node.Tests.Vms;

/// <summary>A QEMU VM moves between two "hosts" (two drivers, each with its own folder): restarted
/// after a kill (unplanned move), and live-migrated with its heartbeat continuing (planned move).</summary>
[Collection(QemuCollection.Name)]
public sealed class QemuMoveTests(QemuGuest guest) : IAsyncLifetime
{
    private readonly VmTestBed _bed = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task KilledVm_RestartedOnAnotherHost_HeartbeatsWithNewIncarnation()
    {
        var (a, b) = Hosts();

        var settings = new VmSettings { Name = VmTestBed.UniqueName("restart") };
        var monitor = _bed.Monitor(settings);
        var first = _bed.Own(await a.StartAsync(settings));
        monitor.Attach(first);
        await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.Healthy, "boot on host a", first);
        var before = monitor.LastHeartbeat!;

        await first.KillAsync();
        await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.Silent, "silence after kill");

        var second = _bed.Own(await b.StartAsync(settings));
        monitor.Attach(second);
        await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.Healthy, "boot on host b", second);
        Assert.True(monitor.LastHeartbeat!.Incarnation > before.Incarnation);
        Assert.StartsWith(_bed.HostDirectory("host-b"), second.Directory, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveMigration_HeartbeatContinuesFromTarget()
    {
        var (a, b) = Hosts();

        var settings = new VmSettings { Name = VmTestBed.UniqueName("migrate") };
        var monitor = _bed.Monitor(settings);
        var arrivals = new List<TimeSpan>();
        monitor.HeartbeatAccepted += (_, at) =>
        {
            lock (arrivals)
            {
                arrivals.Add(at);
            }
        };
        var source = (QemuVm)_bed.Own(await a.StartAsync(settings));
        monitor.Attach(source);
        await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.Healthy, "boot on host a", source);
        var incarnation = monitor.LastHeartbeat!.Incarnation;

        var port = FreePort();
        var target = _bed.Own(await b.StartIncomingAsync(settings, port));
        monitor.Attach(target);
        var result = await source.MigrateAsync($"tcp:127.0.0.1:{port}");
        Assert.True(result.Succeeded, $"migration {result.Status}: {result.Error}");
        await target.WaitForMigrationInAsync();
        var sequence = monitor.LastHeartbeat!.Sequence;

        await VmTestBed.WaitForBeatAfterAsync(monitor, sequence + 8, "heartbeats from the target");
        Assert.Equal(VmRunState.MigratedAway, source.State);
        Assert.Equal(VmRunState.Running, target.State);
        Assert.Equal(incarnation, monitor.LastHeartbeat!.Incarnation);
        Assert.Equal(VmCondition.Healthy, monitor.Verdict().Condition);
        TimeSpan longest;
        lock (arrivals)
        {
            longest = arrivals.Zip(arrivals.Skip(1), (x, y) => y - x).Max();
        }

        Assert.True(longest < settings.HeartbeatInterval * 10, $"longest heartbeat gap {longest.TotalMilliseconds} ms");
    }

    /// <summary>Two QEMU hosts, or skips the test with the reason QEMU cannot run here.</summary>
    private (QemuVmDriver A, QemuVmDriver B) Hosts()
    {
        if (guest.Skip is { } skip)
        {
            Assert.Skip(skip);
        }

        return (Driver("host-a"), Driver("host-b"));
    }

    private QemuVmDriver Driver(string host) => new(
        new QemuDriverOptions { RootDirectory = _bed.HostDirectory(host), GuestImageDirectory = guest.ImageDirectory, GuestAgentKey = VmTestBed.Keys.GuestAgentKey },
        TimeProvider.System);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
