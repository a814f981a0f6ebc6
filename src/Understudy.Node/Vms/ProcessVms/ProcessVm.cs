using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Understudy.Core.Vms;

namespace Understudy.Node.Vms.ProcessVms;

/// <summary>One process VM: the guest agent's process group and the UDP socket its heartbeats arrive on.</summary>
internal sealed class ProcessVm : IVirtualMachine
{
    private readonly System.Diagnostics.Process _process;
    private readonly Socket _socket;
    private readonly Channel<byte[]> _datagrams = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receive;
    private readonly int _pid;
    private readonly VmCableLink? _cable;
    private volatile VmRunState _state = VmRunState.Running;

    public ProcessVm(VmSettings settings, string directory, string console, System.Diagnostics.Process process, Socket socket, VmCableLink? cable)
    {
        _cable = cable;
        Settings = settings;
        Directory = directory;
        ConsoleLogPath = console;
        _process = process;
        _pid = process.Id;
        _socket = socket;
        _receive = Task.Run(() => ReceiveAsync(_stop.Token));
        Exited = WatchAsync();
    }

    public VmSettings Settings { get; }

    public VmDriverKind Driver => VmDriverKind.Process;

    public VmRunState State => _state;

    public int? ProcessId => _process.HasExited ? null : _pid;

    public string Directory { get; }

    public string ConsoleLogPath { get; }

    public ChannelReader<byte[]> Datagrams => _datagrams.Reader;

    public Task Exited { get; }

    public async Task StopAsync(TimeSpan grace, CancellationToken token = default)
    {
        if (_process.HasExited)
        {
            return;
        }

        _state = VmRunState.Stopped;
        ProcessGroup.Signal(_pid, ProcessGroup.SigCont);
        ProcessGroup.Signal(_pid, ProcessGroup.SigTerm);
        if (await Task.WhenAny(Exited, Task.Delay(grace, TimeProvider.System, token)) != Exited)
        {
            ProcessGroup.Signal(_pid, ProcessGroup.SigKill);
            await Exited;
        }

        // The workload may have ignored SIGTERM while the agent obeyed it.
        ProcessGroup.Signal(_pid, ProcessGroup.SigKill);
    }

    public async Task KillAsync()
    {
        _state = VmRunState.Dead;
        ProcessGroup.Signal(_pid, ProcessGroup.SigKill);
        await Exited;
    }

    public Task CrashGuestAsync(CancellationToken token = default) =>
        throw new NotSupportedException("a process VM has no guest kernel to crash; 'vm kill' is its crash");

    /// <summary>Stops every process of the VM; a networked VM's port goes down with it, so its
    /// address no longer answers on the LAN (the kernel of its namespace would answer ARP and queue
    /// connections on the frozen sockets, where a frozen VM's kernel answers nothing).</summary>
    public void Hang()
    {
        _state = ProcessGroup.Hang(_pid, _state);
        if (_state == VmRunState.Hung)
        {
            _cable?.SetPort(up: false);
        }
    }

    public void Resume()
    {
        if (_state == VmRunState.Hung)
        {
            _cable?.SetPort(up: true);
        }

        _state = ProcessGroup.Resume(_pid, _state);
    }

    public string ConsoleTail(int maxChars = 4000) => ConsoleLog.Tail(ConsoleLogPath, maxChars);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        await _stop.CancelAsync();
        _socket.Dispose();
        await _receive;
        _process.Dispose();
        _stop.Dispose();
    }

    private async Task WatchAsync()
    {
        await _process.WaitForExitAsync();
        if (_state is VmRunState.Running or VmRunState.Hung)
        {
            _state = VmRunState.Dead;
        }

        if (_cable is not null)
        {
            // The VM's address goes with it, as a dead VM's does.
            ProcessGroup.Signal(_pid, ProcessGroup.SigKill);
            await _cable.RemoveAsync(CancellationToken.None);
        }

        _datagrams.Writer.TryComplete();
    }

    private async Task ReceiveAsync(CancellationToken token)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!token.IsCancellationRequested)
        {
            try
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, token);
                _datagrams.Writer.TryWrite(buffer.AsSpan(0, received.ReceivedBytes).ToArray());
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // An earlier ICMP error reported on this receive: not fatal.
            }
        }
    }
}
