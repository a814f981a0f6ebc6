using System.Globalization;
using System.Threading.Channels;
using Understudy.Core.Vms;
using Understudy.Core.Vms.Libvirt;
using Understudy.Node.Vms.Qemu;

namespace Understudy.Node.Vms.Libvirt;

/// <summary>
/// One libvirt domain this host started for a VM. Stop is the ACPI power button, then a destroy
/// after the grace; kill is a destroy; hang and resume are libvirt's suspend and resume (QEMU
/// pauses the vCPUs: the guest falls silent, as a hung guest does). The domain's end is noticed
/// by reading its state every <see cref="LibvirtDriverOptions.StatePollInterval"/>.
/// </summary>
public sealed class LibvirtVm : IVirtualMachine
{
    private readonly LibvirtDomain _domain;
    private readonly DomainHolder? _holder;
    private readonly Channel<byte[]> _datagrams = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _serialTask;
    private readonly Task _watchTask;
    private readonly TimeProvider _time;
    private readonly LibvirtDriverOptions _options;
    private readonly int? _pid;
    private volatile VmRunState _state = VmRunState.Running;

    internal LibvirtVm(VmSettings settings, string directory, DomainPlan plan, LibvirtDomain domain, DomainHolder? holder, LibvirtDriverOptions options, TimeProvider time)
    {
        _holder = holder;
        Settings = settings;
        Directory = directory;
        DomainName = plan.Name;
        _domain = domain;
        _options = options;
        _time = time;
        _pid = ReadPid(Path.Combine(options.PidDirectory, plan.Name + ".pid"));
        ConsoleLogPath = plan.ConsoleLog ?? Path.Combine(options.LogDirectory, plan.Name + ".log");
        _serialTask = plan.HeartbeatSocket is { } socket
            ? Task.Run(() => new SerialHeartbeatReader(socket, _datagrams, time).RunAsync(_stop.Token))
            : Task.CompletedTask;
        _watchTask = WatchAsync();
    }

    public VmSettings Settings { get; }

    public VmDriverKind Driver => VmDriverKind.Libvirt;

    /// <summary>The domain's name in this host's libvirtd.</summary>
    public string DomainName { get; }

    public VmRunState State => _state;

    /// <summary>The domain's QEMU process (from libvirtd's pid file), while it runs.</summary>
    public int? ProcessId => _exited.Task.IsCompleted ? null : _pid;

    public string Directory { get; }

    public string ConsoleLogPath { get; }

    public ChannelReader<byte[]> Datagrams => _datagrams.Reader;

    public Task Exited => _exited.Task;

    public async Task StopAsync(TimeSpan grace, CancellationToken token = default)
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        var hung = _state == VmRunState.Hung;
        _state = VmRunState.Stopped;
        try
        {
            await Task.Run(
                () =>
                {
                    if (hung)
                    {
                        _domain.Resume(); // a paused guest cannot hear the power button
                    }

                    _domain.Shutdown();
                },
                token);
        }
        catch (LibvirtException)
        {
            // The domain ended meanwhile, or refused: the destroy below settles it.
        }

        if (await Task.WhenAny(Exited, Task.Delay(grace, _time, CancellationToken.None)) != Exited)
        {
            await DestroyAsync();
        }

        await Exited;
    }

    public async Task KillAsync()
    {
        if (!Exited.IsCompleted)
        {
            _state = VmRunState.Dead;
            await DestroyAsync();
        }

        await Exited;
    }

    public Task CrashGuestAsync(CancellationToken token = default) => Task.Run(_domain.InjectNmi, token);

    public void Hang()
    {
        if (_state == VmRunState.Running)
        {
            _domain.Suspend();
            _state = VmRunState.Hung;
        }
    }

    public void Resume()
    {
        if (_state == VmRunState.Hung)
        {
            _domain.Resume();
            _state = VmRunState.Running;
        }
    }

    public string ConsoleTail(int maxChars = 4000) => ConsoleLog.Tail(ConsoleLogPath, maxChars);

    public async ValueTask DisposeAsync()
    {
        if (!Exited.IsCompleted)
        {
            await KillAsync();
        }

        await _stop.CancelAsync();
        await _serialTask;
        await _watchTask;
        if (_options.UndefineWhenStopped)
        {
            try
            {
                await Task.Run(_domain.Undefine);
            }
            catch (LibvirtException)
            {
                // Already gone (undefined by hand): nothing to remove.
            }
        }

        _holder?.Dispose();
        _domain.Dispose();
        _stop.Dispose();
    }

    private static int? ReadPid(string file)
    {
        try
        {
            return int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private async Task DestroyAsync()
    {
        try
        {
            await Task.Run(_domain.Destroy);
        }
        catch (LibvirtException) when (!_domain.IsActive)
        {
            // It ended on its own meanwhile.
        }
    }

    private async Task WatchAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                bool active;
                try
                {
                    active = await Task.Run(() => _domain.IsActive);
                }
                catch (LibvirtException)
                {
                    active = false; // undefined behind our back, or libvirtd gone: the VM is out of reach
                }

                if (!active)
                {
                    break;
                }

                await Task.Delay(_options.StatePollInterval, _time, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }

        if (_state is VmRunState.Running or VmRunState.Hung)
        {
            _state = VmRunState.Dead;
        }

        // The domain is gone: its fence has nothing left to guard.
        _holder?.Kill();

        // Let the reader drain what the guest wrote before it ended, then end the channel.
        await _stop.CancelAsync();
        _datagrams.Writer.TryComplete();
        _exited.TrySetResult();
    }
}
