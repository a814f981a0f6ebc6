using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Understudy.Node.Tests.Nlb;

/// <summary>A client that connects from a chosen loopback source address, so a test can be many clients.</summary>
internal static class NlbClient
{
    /// <summary>One HTTP/1.1 request on a fresh connection from <paramref name="source"/>; the answering node's name, or null on failure.</summary>
    public static async Task<string?> GetAsync(string source, string address, int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(IPAddress.Parse(address), port, timeout.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"), timeout.Token);
            var response = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
            {
                response.Write(buffer, 0, read);
            }

            var text = Encoding.ASCII.GetString(response.ToArray());
            return text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) ? text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Trim() : null;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends <paramref name="payload"/> on a fresh connection from <paramref name="source"/>,
    /// half-closes, and reads until the other side closes; what came back, or null on failure.</summary>
    public static async Task<string?> HalfCloseAsync(string source, string address, int port, byte[] payload)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(IPAddress.Parse(address), port, timeout.Token);
            await socket.SendAsync(payload, timeout.Token);
            socket.Shutdown(SocketShutdown.Send);
            using var answer = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
            }

            return Encoding.UTF8.GetString(answer.ToArray());
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>One datagram from <paramref name="source"/>; the reply, or null after a second of silence.</summary>
    public static async Task<string?> UdpAsync(string source, string address, int port)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Parse(source), 0));
        await socket.SendAsync(Encoding.ASCII.GetBytes("ping"), new IPEndPoint(IPAddress.Parse(address), port));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            return Encoding.UTF8.GetString((await socket.ReceiveAsync(timeout.Token)).Buffer);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
