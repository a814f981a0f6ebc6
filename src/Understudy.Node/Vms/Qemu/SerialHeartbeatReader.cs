using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Understudy.Node.Vms.Qemu;

/// <summary>
/// Reads the guest's heartbeat serial port (ttyS1) through QEMU's chardev unix socket: one hex
/// line per datagram (docs/vms.md), decoded to bytes for <see cref="VmMonitor"/>. Lines that are
/// not hex (a line cut by a migration, boot noise) are dropped here and counted.
/// </summary>
internal sealed class SerialHeartbeatReader(string socketPath, Channel<byte[]> output, TimeProvider time)
{
    private readonly TaskCompletionSource _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the guest wrote its first whole line: it has booted.</summary>
    public Task FirstLine => _firstLine.Task;

    public long Garbage { get; private set; }

    public async Task RunAsync(CancellationToken token)
    {
        using var socket = await ConnectAsync(token);
        if (socket is null)
        {
            return;
        }

        var buffer = new byte[8192];
        var line = new StringBuilder();
        while (!token.IsCancellationRequested)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None, token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (read == 0)
            {
                return;
            }

            for (var i = 0; i < read; i++)
            {
                var c = (char)buffer[i];
                if (c == '\n')
                {
                    Emit(line.ToString().Trim());
                    line.Clear();
                }
                else if (line.Length < 4096)
                {
                    line.Append(c);
                }
            }
        }
    }

    private void Emit(string hex)
    {
        if (hex.Length == 0 || hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
        {
            Garbage++;
            return;
        }

        _firstLine.TrySetResult();
        output.Writer.TryWrite(Convert.FromHexString(hex));
    }

    // QEMU creates the socket a moment after it starts; keep trying until it is there or we stop.
    private async Task<Socket?> ConnectAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token);
                return socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                return null;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }
}
