using Understudy.Core.Vms;
using Understudy.Node.Tests.Harness;
using Understudy.Node.Vms;
using Understudy.Node.Vms.Libvirt;

namespace Understudy.Node.Tests.Vms;

/// <summary>
/// The two fences of a libvirt domain: the lease (a domain starts only under the host's lease and
/// is destroyed when it ends) and the disk lock (one disk is never open in two domains at once,
/// whichever host asks). Real domains under TCG booting the busybox guest.
/// </summary>
[Collection(QemuCollection.Name)]
public sealed class LibvirtFenceTests(QemuGuest guest) : IAsyncLifetime
{
    private readonly VmTestBed _bed = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Start_NoLease_DomainIsNeverStarted()
    {
        var host = Host("host-a", lease: TimeSpan.Zero);
        var settings = Settings("nolease");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(settings));

        Assert.Contains("holds no lease", error.Message, StringComparison.Ordinal);
        Assert.False(DomainRuns(settings.Domain!));
    }

    [Fact]
    public async Task LeaseEnds_DomainIsDestroyed()
    {
        var host = Host("host-a", lease: TimeSpan.FromHours(1));
        var settings = Settings("lease");
        var monitor = _bed.Monitor(settings);
        var vm = _bed.Own(await host.StartAsync(settings));
        monitor.Attach(vm);
        await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.Healthy, "first heartbeat", vm);

        GuardProcesses.WriteLease(_bed.HostDirectory("host-a"), TimeSpan.Zero);

        using var deadline = new CancellationTokenSource(Eventually.Deadline);
        await vm.Exited.WaitAsync(deadline.Token);
        Assert.Equal(VmRunState.Dead, vm.State);
        Assert.False(DomainRuns(settings.Domain!));
    }

    [Fact]
    public async Task SharedDisk_SecondHostRefusedWhileTheFirstRuns_StartsOnceItStopped()
    {
        var shared = Directory.CreateDirectory(Path.Combine(_bed.Root, "nfs")).FullName;
        var disk = Path.Combine(shared, "disk.raw");
        await using (var file = File.Create(disk))
        {
            file.SetLength(16 * 1024 * 1024);
        }

        var a = Host("host-a", lease: TimeSpan.FromHours(1), prefix: "a-", shared);
        var b = Host("host-b", lease: TimeSpan.FromHours(1), prefix: "b-", shared);
        var settings = Settings("disk", disk);
        using var watch = new DiskWriterWatch(disk);

        var first = _bed.Own(await a.StartAsync(settings));
        var monitor = _bed.Monitor(settings);
        monitor.Attach(first);
        await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.Healthy, "first heartbeat on host a", first);
        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => b.StartAsync(settings));
        Assert.Contains("lock", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, watch.WritersNow());

        await first.KillAsync();
        var second = _bed.Own(await b.StartAsync(settings));
        Assert.Equal(VmRunState.Running, second.State);
        await Eventually.GetAsync(() => Task.FromResult<object?>(watch.WritersNow() == 1 ? watch : null), _ => true, "host b writing the disk");
        await Eventually.GetAsync(() => Task.FromResult<object?>(watch.Samples > 20 ? watch : null), _ => true, "samples of who has the disk open");

        Assert.Equal(1, watch.MostAtOnce);
    }

    private LibvirtVmDriver Host(string name, TimeSpan lease, string prefix = "", string? shared = null)
    {
        if ((guest.Skip ?? LibvirtDaemon.Skip) is { } skip)
        {
            Assert.Skip(skip);
        }

        Requires.Command("virsh", "libvirt-clients");
        var directory = Directory.CreateDirectory(_bed.HostDirectory(name)).FullName;
        var options = LibvirtVmDriverTests.Options(Path.Combine(directory, "vms"), guest.ImageDirectory) with
        {
            LeaseFile = GuardProcesses.WriteLease(directory, lease),
            Understudy = VmTestBed.Agent,
            DomainPrefix = prefix,
            SharedStorage = shared,
        };
        return _bed.Own(new LibvirtVmDriverTests.DisposableDriver(options)).Driver;
    }

    private VmSettings Settings(string prefix, string? disk = null)
    {
        var name = VmTestBed.UniqueName(prefix);
        return new VmSettings
        {
            Name = name,
            Driver = VmDriverKind.Libvirt,
            Domain = "us-" + name,
            DomainXml = BusyboxDomain.Xml("us-" + name, guest.ImageDirectory, disk: disk),
        };
    }

    private static bool DomainRuns(string domain) =>
        Directory.Exists("/run/libvirt/qemu") && Directory.EnumerateFiles("/run/libvirt/qemu", "*" + domain + ".pid").Any();
}
