using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Understudy.Node.Tests.Nlb;

/// <summary>One keep-alive HTTP connection from a chosen source address, held open across
/// requests, to see whether the balancer keeps or cuts it.</summary>
internal sealed class HeldConnection : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly string _host;

    private HeldConnection(string host) => _host = host;

    /// <summary>The member that answered the first request.</summary>
    public string? Member { get; private set; }

    public static async Task<HeldConnection?> OpenAsync(string source, string address, int port)
    {
        var held = new HeldConnection(address);
        try
        {
            held._socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await held._socket.ConnectAsync(IPAddress.Parse(address), port, timeout.Token);
            held.Member = await held.AskAsync();
            if (held.Member is not null)
            {
                return held;
            }
        }
        catch (SocketException)
        {
        }

        held.Dispose();
        return null;
    }

    /// <summary>One more request on the same connection: the answering member, or null if the
    /// connection was closed or cut.</summary>
    public async Task<string?> AskAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _socket.SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {_host}\r\n\r\n"), timeout.Token);
            var response = new StringBuilder();
            var buffer = new byte[4096];
            while (true)
            {
                var text = response.ToString();
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0 && Length(text[..end]) is { } length && text.Length >= end + 4 + length)
                {
                    return text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) ? text.Substring(end + 4, length).Trim() : null;
                }

                var read = await _socket.ReceiveAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return null;
                }

                response.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }

    public void Dispose() => _socket.Dispose();

    private static int? Length(string headers) =>
        headers.Split("\r\n").Select(h => h.Split(':', 2)).Where(p => p.Length == 2 && p[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => (int?)int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
}
