using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Understudy.Node.Tests.Nlb;

/// <summary>A raw HTTP/1.1 client connection from a chosen loopback source, for tests that need to
/// send exactly what they mean (pipelined requests, malformed ones) and read answers one by one.</summary>
internal sealed class HttpExchange : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private int _start;
    private int _end;

    private HttpExchange(Socket socket) => _socket = socket;

    public static async Task<HttpExchange> ConnectAsync(string source, string address, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
        await socket.ConnectAsync(IPAddress.Parse(address), port);
        return new HttpExchange(socket);
    }

    public async Task SendAsync(string text) => await _socket.SendAsync(Encoding.ASCII.GetBytes(text), _timeout.Token);

    /// <summary>The next answer: its status and body (none for a HEAD request's answer).</summary>
    public async Task<(int Status, string Body)> ReadAsync(bool head = false)
    {
        var headText = Encoding.ASCII.GetString(await ReadUntilAsync("\r\n\r\n"u8.ToArray()));
        var status = int.Parse(headText.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var length = headText.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        return (status, head ? "" : Encoding.UTF8.GetString(await ReadExactlyAsync(length)));
    }

    /// <summary>Whether the other side closed the connection (nothing more to read).</summary>
    public async Task<bool> ClosedAsync()
    {
        try
        {
            return _end == _start && await _socket.ReceiveAsync(_buffer.AsMemory(0), _timeout.Token) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _timeout.Dispose();
    }

    private async Task<byte[]> ReadUntilAsync(byte[] marker)
    {
        while (true)
        {
            var found = _buffer.AsSpan(_start, _end - _start).IndexOf(marker);
            if (found >= 0)
            {
                var result = _buffer.AsSpan(_start, found + marker.Length).ToArray();
                _start += found + marker.Length;
                return result;
            }

            await FillAsync();
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        while (_end - _start < count)
        {
            await FillAsync();
        }

        var result = _buffer.AsSpan(_start, count).ToArray();
        _start += count;
        return result;
    }

    private async Task FillAsync()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), _timeout.Token);
        if (read == 0)
        {
            throw new IOException("connection closed before a whole answer");
        }

        _end += read;
    }
}
