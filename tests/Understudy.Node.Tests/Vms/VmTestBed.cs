using Understudy.Core.Security;
using Understudy.Core.Vms;
using Understudy.Node.Hosting;
using Understudy.Node.Tests.Harness;
using Understudy.Node.Vms;

namespace Understudy.Node.Tests.Vms;

/// <summary>Keys, folders and waits shared by the VM tests. A "host" is one driver with its own folder.</summary>
internal sealed class VmTestBed : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public VmTestBed()
    {
        Root = Directory.CreateTempSubdirectory("understudy-vm-").FullName;
    }

    public static ClusterKeys Keys { get; } = ClusterKeys.Derive("test-cluster-key-0123456789"u8, "test");

    public static AgentLauncher Agent { get; } = new(Path.Combine(AppContext.BaseDirectory, "understudy"), []);

    public string Root { get; }

    public Monotonic Clock { get; } = new(TimeProvider.System);

    public string HostDirectory(string host) => Path.Combine(Root, host);

    /// <summary>A unique VM name, so that process VMs of parallel runs never share an address.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("n")[..8]}";

    public VmMonitor Monitor(VmSettings settings)
    {
        var monitor = new VmMonitor(settings, ClusterKeys.ForVm(Keys.GuestAgentKey.Span, settings.Name), Clock);
        _owned.Add(monitor);
        return monitor;
    }

    public T Own<T>(T item)
        where T : IAsyncDisposable
    {
        _owned.Add(item);
        return item;
    }

    public static Task<VmVerdict> WaitForAsync(VmMonitor monitor, Func<VmVerdict, bool> condition, string what, IVirtualMachine? vm = null) =>
        Eventually.GetAsync(() => Task.FromResult<VmVerdict?>(monitor.Verdict()), condition, what + (vm is null ? "" : $" (console: {vm.ConsoleTail(800)})"), TimeSpan.FromSeconds(90));

    /// <summary>Waits until <paramref name="monitor"/> has accepted a heartbeat newer than <paramref name="after"/>.</summary>
    public static Task WaitForBeatAfterAsync(VmMonitor monitor, long after, string what) =>
        Eventually.GetAsync(() => Task.FromResult<object?>(monitor.LastHeartbeat), b => ((Core.Heartbeats.Heartbeat)b).Sequence > after, what, TimeSpan.FromSeconds(90));

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
