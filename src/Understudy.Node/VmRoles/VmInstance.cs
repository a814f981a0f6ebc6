using Microsoft.Extensions.Logging;
using Understudy.Core.Failover;
using Understudy.Core.Security;
using Understudy.Core.Vms;
using Understudy.Node.Hosting;
using Understudy.Node.Resources;
using Understudy.Node.Vms;

namespace Understudy.Node.VmRoles;

/// <summary>
/// One run of a <c>vm</c> resource on this node. Start: the host's driver boots the VM and VM
/// monitoring attaches; with monitoring on, the resource is online at the first heartbeat (a boot
/// timeout fails it), with it off as soon as the VM's process runs. Then, every
/// <see cref="Poll"/>: the VM's process exiting fails the resource in both modes (the driver sees
/// it, as a hypervisor sees its VM process die); with monitoring on, a failing verdict (silent,
/// a monitored service failed) fails it too. The role's restart and failover policy does the rest.
/// </summary>
internal sealed partial class VmInstance(VmSpec spec, RoleContext context, VmHost host, VmMigrations migrations, VmHandoverClient handover, GuestAgentRootKey key, Monotonic clock, ILogger<VmInstance> logger) : IResourceInstance
{
    /// <summary>How often the process and the verdict are checked: a tenth of the default silence window.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>Time a VM has to shut down cleanly before it is killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    /// <summary>How long a migrated VM may take to run and heartbeat here before it is discarded and booted afresh.</summary>
    public static readonly TimeSpan AdoptWait = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource<string> _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private RunningVm? _running;
    private bool _stopping;

    public Task<string> Failure => _failure.Task;

    public async Task StartAsync(CancellationToken token)
    {
        var settings = spec.Settings;
        var running = await AdoptAsync(token);
        if (running is null)
        {
            IVirtualMachine vm;
            try
            {
                vm = await host.DriverFor(settings.Driver).StartAsync(settings, token);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or System.ComponentModel.Win32Exception)
            {
                throw new ResourceFailedException($"VM {settings.Name} did not start: {e.Message}", e);
            }

            var monitor = new VmMonitor(settings, ClusterKeys.ForVm(key.Key.Span, settings.Name), clock, logger);
            monitor.Attach(vm);
            running = new RunningVm(context.Role, vm, monitor, spec.Monitoring);
        }

        bool stopped;
        lock (_gate)
        {
            _running = running;
            stopped = _stopping;
        }

        if (stopped)
        {
            // The stop came while the driver was booting it: nobody else will stop this VM.
            await running.Vm.KillAsync();
            await running.Monitor.DisposeAsync();
            await running.Vm.DisposeAsync();
            throw new OperationCanceledException("stopped while starting");
        }

        host.Add(running);
        LogStarted(settings.Name, running.Vm.Driver.ToString().ToLowerInvariant(), running.Vm.ProcessId ?? 0, context.Role, spec.Monitoring ? "on" : "off");
        if (spec.Monitoring)
        {
            await WaitForFirstHeartbeatAsync(running, token);
        }

        _ = WatchAsync(running, _stop.Token);
    }

    public string? StopNote { get; private set; }

    public async Task StopAsync(CancellationToken token)
    {
        RunningVm? running;
        lock (_gate)
        {
            _stopping = true;
            running = _running;
            _running = null;
        }

        await _stop.CancelAsync();
        if (running is null)
        {
            return;
        }

        host.Remove(running);
        try
        {
            if (await handover.TryMigrateAwayAsync(running, context) is { } note)
            {
                StopNote = note;
            }
            else
            {
                await running.Vm.StopAsync(StopGrace, token);
            }
        }
        finally
        {
            await running.Monitor.DisposeAsync();
            await running.Vm.DisposeAsync();
        }
    }

    /// <summary>The VM a live migration brought here for this run (<see cref="VmMigrations"/>), once
    /// its guest runs here; null to boot it afresh (no migration, or it did not arrive).</summary>
    private async Task<RunningVm?> AdoptAsync(CancellationToken token)
    {
        if (migrations.TakeAdoptable(spec.Settings.Name, context.Role, context.Token) is not { } pending)
        {
            return null;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(AdoptWait);
        try
        {
            await pending.Vm.WaitForMigrationInAsync(limit.Token);

            // The guest booted long ago: it must heartbeat here now, not within a boot timeout.
            while (pending.Vm.State == VmRunState.Running && pending.Monitor.LastHeartbeat is null)
            {
                await Task.Delay(Poll, clock.Time, limit.Token);
            }

            if (pending.Vm.State == VmRunState.Running)
            {
                LogAdopted(spec.Settings.Name, pending.Source, context.Role, context.Token);
                return new RunningVm(context.Role, pending.Vm, pending.Monitor, spec.Monitoring);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException or System.Net.Sockets.SocketException)
        {
            var rejected = string.Join(", ", pending.Monitor.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}"));
            LogNotAdopted(spec.Settings.Name, $"QEMU {pending.Vm.State}, {(pending.Monitor.LastHeartbeat is null ? "no heartbeat here" : "heartbeating")}, datagrams refused: {(rejected.Length == 0 ? "none" : rejected)}; {e.Message}");
        }

        await pending.Monitor.DisposeAsync();
        await pending.Vm.DisposeAsync();
        token.ThrowIfCancellationRequested();
        return null;
    }

    private async Task WaitForFirstHeartbeatAsync(RunningVm running, CancellationToken token)
    {
        while (true)
        {
            if (running.Vm.Exited.IsCompleted)
            {
                throw new ResourceFailedException($"VM {spec.Settings.Name} exited while booting: {running.Vm.ConsoleTail(400)}");
            }

            var verdict = running.Monitor.Verdict();
            if (verdict.Condition == VmCondition.Healthy)
            {
                return;
            }

            if (verdict.IsFailure)
            {
                throw new ResourceFailedException($"VM {spec.Settings.Name}: {verdict.Describe()}");
            }

            await Task.Delay(Poll, clock.Time, token);
        }
    }

    private async Task WatchAsync(RunningVm running, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (running.Vm.Exited.IsCompleted)
                {
                    Fail($"VM {spec.Settings.Name}: its process exited ({running.Vm.State})");
                    return;
                }

                if (spec.Monitoring && running.Monitor.Verdict() is { IsFailure: true } verdict)
                {
                    Fail($"VM {spec.Settings.Name}: {verdict.Describe()}");
                    return;
                }

                await Task.WhenAny(running.Vm.Exited, Task.Delay(Poll, clock.Time, token));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Fail(string reason)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }
        }

        LogFailed(reason);
        _failure.TrySetResult(reason);
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "VM {Vm} started by the {Driver} driver (pid {Pid}) for role {Role}, monitoring {Monitoring}")]
    private partial void LogStarted(string vm, string driver, int pid, string role, string monitoring);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "VM {Vm}: adopted the guest live-migrated from {Source} for role {Role} (token {Token})")]
    private partial void LogAdopted(string vm, string source, string role, long token);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "VM {Vm}: the migrated guest did not arrive ({Why}); booting it afresh")]
    private partial void LogNotAdopted(string vm, string why);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "{Reason}")]
    private partial void LogFailed(string reason);
}
