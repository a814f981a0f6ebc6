using System.Text.Json.Nodes;
using System.Threading.Channels;
using Understudy.Core.Vms;

namespace Understudy.Node.Vms.Qemu;

/// <summary>One QEMU guest on this host: the qemu-system-x86_64 process (leader of its own
/// process group), its heartbeat serial port and its QMP socket.</summary>
public sealed class QemuVm : IVirtualMachine
{
    private readonly System.Diagnostics.Process _process;
    private readonly Channel<byte[]> _datagrams = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly SerialHeartbeatReader _serial;
    private readonly Task _serialTask;
    private readonly TimeProvider _time;
    private readonly int _pid;
    private readonly SemaphoreSlim _qmpGate = new(1, 1);
    private QmpClient? _qmp;
    private volatile VmRunState _state;

    internal QemuVm(VmSettings settings, string directory, System.Diagnostics.Process process, string accelerator, int? incomingPort, TimeProvider time)
    {
        IncomingPort = incomingPort;
        var incoming = incomingPort is not null;
        Settings = settings;
        Directory = directory;
        Accelerator = accelerator;
        _process = process;
        _pid = process.Id;
        _time = time;
        _state = incoming ? VmRunState.Incoming : VmRunState.Running;
        _serial = new SerialHeartbeatReader(Path.Combine(directory, "hb.sock"), _datagrams, time);
        _serialTask = Task.Run(() => _serial.RunAsync(_stop.Token));
        Exited = WatchAsync();
    }

    public VmSettings Settings { get; }

    public VmDriverKind Driver => VmDriverKind.Qemu;

    /// <summary>The loopback port it was started to receive a migration on, or null.</summary>
    public int? IncomingPort { get; }

    /// <summary><c>kvm</c> or <c>tcg</c>.</summary>
    public string Accelerator { get; }

    public VmRunState State => _state;

    /// <summary>QEMU, or the lease guard that runs it (and leads its process group) on a node.</summary>
    public int? ProcessId => _process.HasExited ? null : _pid;

    /// <summary>The exit code once the process is gone (75: the guard found no lease, or the lease ended).</summary>
    internal int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string Directory { get; }

    public string ConsoleLogPath => Path.Combine(Directory, "console.log");

    public ChannelReader<byte[]> Datagrams => _datagrams.Reader;

    public Task Exited { get; }

    /// <summary>Completes when the guest wrote its first heartbeat line.</summary>
    internal Task FirstLine => _serial.FirstLine;

    public async Task StopAsync(TimeSpan grace, CancellationToken token = default)
    {
        if (_process.HasExited)
        {
            return;
        }

        _state = VmRunState.Stopped;
        ProcessGroup.Signal(_pid, ProcessGroup.SigCont);
        try
        {
            // The busybox guest has no ACPI daemon, so a clean stop is QEMU's own quit.
            var qmp = await QmpAsync(token);
            await qmp.ExecuteAsync("quit", null, token);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            // Falls through to the forced stop below.
        }

        if (await Task.WhenAny(Exited, Task.Delay(grace, _time, CancellationToken.None)) != Exited)
        {
            ProcessGroup.Signal(_pid, ProcessGroup.SigKill);
            await Exited;
        }
    }

    public async Task KillAsync()
    {
        _state = VmRunState.Dead;
        ProcessGroup.Signal(_pid, ProcessGroup.SigKill);
        await Exited;
    }

    public async Task CrashGuestAsync(CancellationToken token = default)
    {
        var qmp = await QmpAsync(token);
        await qmp.ExecuteAsync("inject-nmi", null, token);
    }

    public void Hang() => _state = ProcessGroup.Hang(_pid, _state);

    public void Resume() => _state = ProcessGroup.Resume(_pid, _state);

    public string ConsoleTail(int maxChars = 4000) => ConsoleLog.Tail(ConsoleLogPath, maxChars);

    /// <summary>
    /// Live-migrates the guest to a QEMU started with <see cref="QemuVmDriver.StartIncomingAsync"/>
    /// listening on <paramref name="target"/> (<c>tcp:HOST:PORT</c>): QMP <c>migrate</c>, then
    /// <c>query-migrate</c> until it completes or fails. On success this QEMU quits and its state is
    /// <see cref="VmRunState.MigratedAway"/>.
    /// </summary>
    public async Task<MigrationResult> MigrateAsync(string target, CancellationToken token = default)
    {
        var qmp = await QmpAsync(token);
        // Memory is copied over loopback or a LAN; QEMU's default 128 MiB/s cap only slows it down.
        // QEMU pauses the guest for the last copy once it expects that copy to take at most
        // downtime-limit (default 300 ms); 50 ms is the goal, and an idle guest converges to it.
        await qmp.ExecuteAsync("migrate-set-parameters", new JsonObject { ["max-bandwidth"] = 4L * 1024 * 1024 * 1024, ["downtime-limit"] = 50 }, token);
        await qmp.ExecuteAsync("migrate", new JsonObject { ["uri"] = target }, token);
        while (true)
        {
            var info = await qmp.ExecuteAsync("query-migrate", null, token);
            var status = info?["status"]?.GetValue<string>() ?? "unknown";
            if (status is "completed" or "failed" or "cancelled")
            {
                var result = new MigrationResult(
                    status,
                    TimeSpan.FromMilliseconds(info?["total-time"]?.GetValue<long>() ?? 0),
                    TimeSpan.FromMilliseconds(info?["downtime"]?.GetValue<long>() ?? 0),
                    info?["error-desc"]?.GetValue<string>());
                if (result.Succeeded)
                {
                    _state = VmRunState.MigratedAway;
                    await qmp.ExecuteAsync("quit", null, token);
                }

                return result;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, token);
        }
    }

    /// <summary>Waits until QEMU's main loop runs, and so its <c>-incoming</c> listener: QMP answers
    /// <c>query-status</c> with <c>inmigrate</c>.</summary>
    internal async Task WaitForIncomingReadyAsync(CancellationToken token)
    {
        var qmp = await QmpAsync(token);
        while ((await qmp.ExecuteAsync("query-status", null, token))?["status"]?.GetValue<string>() != "inmigrate")
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"qemu exited before the migration: {ConsoleLog.Tail(Path.Combine(Directory, "qemu.log"), 2000)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, token);
        }
    }

    /// <summary>For a VM waiting for a migration: waits until its guest runs here.</summary>
    public async Task WaitForMigrationInAsync(CancellationToken token = default)
    {
        var qmp = await QmpAsync(token);
        while (_state == VmRunState.Incoming)
        {
            var status = (await qmp.ExecuteAsync("query-status", null, token))?["status"]?.GetValue<string>();
            if (status == "running")
            {
                _state = VmRunState.Running;
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        await _stop.CancelAsync();
        await _serialTask;
        if (_qmp is not null)
        {
            await _qmp.DisposeAsync();
        }

        _process.Dispose();
        _stop.Dispose();
        _qmpGate.Dispose();
    }

    private async Task<QmpClient> QmpAsync(CancellationToken token)
    {
        await _qmpGate.WaitAsync(token);
        try
        {
            return _qmp ??= await QmpClient.ConnectAsync(Path.Combine(Directory, "qmp.sock"), _time, TimeSpan.FromSeconds(30), token);
        }
        finally
        {
            _qmpGate.Release();
        }
    }

    private async Task WatchAsync()
    {
        await _process.WaitForExitAsync();
        if (_state is VmRunState.Running or VmRunState.Hung or VmRunState.Incoming)
        {
            _state = VmRunState.Dead;
        }

        // Let the reader drain what QEMU wrote before it died, then end the channel.
        await _stop.CancelAsync();
        _datagrams.Writer.TryComplete();
    }
}
