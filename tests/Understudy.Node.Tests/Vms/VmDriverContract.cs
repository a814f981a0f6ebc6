using Understudy.Core.Vms;
using Understudy.Node.Vms;

namespace Understudy.Node.Tests.Vms;

/// <summary>
/// What every VM driver must do, run against each driver (as DotNext runs one transport suite
/// against every transport): boot to a first heartbeat, die on kill, fall silent on hang and
/// come back on resume, stop cleanly, and report monitored services.
/// </summary>
public abstract class VmDriverContract : IAsyncLifetime
{
    private readonly VmTestBed _bed = new();

    private protected VmTestBed Bed => _bed;

    /// <summary>The driver under test for one host folder, or null with the reason it cannot run here.</summary>
    private protected abstract (IVmDriver? Driver, string? Skip) CreateDriver(string hostDirectory);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Start_GuestBoots_HeartbeatsAndIsHealthy()
    {
        var (vm, monitor) = await StartAsync("boot");

        await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.Healthy, "first heartbeat", vm);
        Assert.Equal(VmRunState.Running, vm.State);
        Assert.NotNull(vm.ProcessId);
        Assert.Contains("booted", vm.ConsoleTail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kill_RunningVm_HeartbeatStopsAndStateIsDead()
    {
        var (vm, monitor) = await StartAsync("kill");

        await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.Healthy, "first heartbeat", vm);
        await vm.KillAsync();

        Assert.Equal(VmRunState.Dead, vm.State);
        Assert.True(vm.Exited.IsCompleted);
        await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.Silent, "silence after kill");
    }

    [Fact]
    public async Task HangThenResume_VmFallsSilentThenHeartbeatsAgain()
    {
        var (vm, monitor) = await StartAsync("hang");

        await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.Healthy, "first heartbeat", vm);
        vm.Hang();
        Assert.Equal(VmRunState.Hung, vm.State);
        await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.Silent, "silence while hung");
        var before = monitor.LastHeartbeat!.Sequence;

        vm.Resume();
        Assert.Equal(VmRunState.Running, vm.State);
        await VmTestBed.WaitForBeatAfterAsync(monitor, before, "a heartbeat after resume");
        await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.Healthy, "healthy after resume", vm);
    }

    [Fact]
    public async Task Stop_RunningVm_ExitsCleanly()
    {
        var (vm, monitor) = await StartAsync("stop");

        await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.Healthy, "first heartbeat", vm);
        await vm.StopAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(VmRunState.Stopped, vm.State);
        Assert.True(vm.Exited.IsCompleted);
        Assert.Null(vm.ProcessId);
    }

    [Fact]
    public async Task FailedServiceInGuest_VerdictNamesIt()
    {
        var services = new[] { new GuestService("fine", "true"), new GuestService("broken", "test -f never-there") };
        var (vm, monitor) = await StartAsync("svc", services);

        var verdict = await VmTestBed.WaitForAsync(monitor, v => v.Condition == VmCondition.ServiceFailed, "a service failure", vm);
        Assert.Equal(["broken"], verdict.FailedServices.ToArray());
        Assert.Equal(2, monitor.LatestReport!.Services.Length);
    }

    /// <summary>Adds what this driver needs to the contract's settings (a libvirt domain's XML). Default: nothing.</summary>
    private protected virtual VmSettings ForDriver(VmSettings settings) => settings;

    private protected static VmSettings Settings(string name, IEnumerable<GuestService>? services = null) => new()
    {
        Name = name,
        Workload = "echo workload running in $(pwd)",
        Services = [.. services ?? []],
    };

    /// <summary>Starts a VM, or skips the test with the reason this driver cannot run here.</summary>
    private async Task<(IVirtualMachine Vm, VmMonitor Monitor)> StartAsync(string prefix, IEnumerable<GuestService>? services = null)
    {
        var (driver, skip) = CreateDriver(Bed.HostDirectory("host-a"));
        if (driver is null)
        {
            Assert.Skip(skip ?? "the driver cannot run here");
        }

        var settings = ForDriver(Settings(VmTestBed.UniqueName(prefix), services));
        var monitor = Bed.Monitor(settings);
        var vm = Bed.Own(await driver.StartAsync(settings));
        monitor.Attach(vm);
        return (vm, monitor);
    }
}
