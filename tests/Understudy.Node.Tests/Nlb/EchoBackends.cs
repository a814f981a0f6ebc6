using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Understudy.Node.Tests.Nlb;

/// <summary>Members' services for NLB tests: per node an HTTP app and a UDP echo that answer with the node's name.</summary>
internal sealed class EchoBackends : IAsyncDisposable
{
    private readonly Dictionary<string, WebApplication> _http = [];
    private readonly Dictionary<string, (UdpClient Socket, Task Loop)> _udp = [];
    private readonly Dictionary<string, (TcpListener Listener, Task Loop)> _tcp = [];

    public async Task StartHttpAsync(string name, string address, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Parse(address), port));
        var app = builder.Build();
        var body = Encoding.UTF8.GetBytes(name + "\n");
        app.UseWebSockets();
        app.Run(async c =>
        {
            if (c.WebSockets.IsWebSocketRequest)
            {
                await EchoWebSocketAsync(await c.WebSockets.AcceptWebSocketAsync());
                return;
            }

            // "/xff" answers the X-Forwarded-For the member saw, "/echo" the request's body.
            var answer = c.Request.Path.Value switch
            {
                "/xff" => Encoding.UTF8.GetBytes(c.Request.Headers["X-Forwarded-For"].ToString()),
                "/echo" => await ReadBodyAsync(c.Request.Body),
                _ => body,
            };
            c.Response.ContentLength = answer.Length;
            await c.Response.Body.WriteAsync(answer);
        });
        await app.StartAsync();
        _http[name] = app;
    }

    // Answers each message with itself until the client closes.
    private static async Task EchoWebSocketAsync(System.Net.WebSockets.WebSocket socket)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (received.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
            {
                await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, CancellationToken.None);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(Stream body)
    {
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        return copy.ToArray();
    }

    public void StartUdp(string name, string address, int port)
    {
        var socket = new UdpClient(new IPEndPoint(IPAddress.Parse(address), port));
        var reply = Encoding.UTF8.GetBytes(name);
        _udp[$"{name}:{port}"] = (socket, Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var received = await socket.ReceiveAsync();
                    await socket.SendAsync(reply, received.RemoteEndPoint);
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
            }
        }));
    }

    /// <summary>A TCP service that reads until the client half-closes, then answers the node's name
    /// and the byte count it read, and closes.</summary>
    public void StartTcp(string name, string address, int port)
    {
        var listener = new TcpListener(IPAddress.Parse(address), port);
        listener.Start();
        _tcp[$"{name}:{port}"] = (listener, Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var client = await listener.AcceptSocketAsync();
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        {
                            var buffer = new byte[4096];
                            var total = 0;
                            int read;
                            while ((read = await client.ReceiveAsync(buffer)) > 0)
                            {
                                total += read;
                            }

                            await client.SendAsync(Encoding.UTF8.GetBytes($"{name} {total}"));
                        }
                    });
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
            }
        }));
    }

    public async Task StopHttpAsync(string name)
    {
        await _http[name].DisposeAsync();
        _http.Remove(name);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _http.Values)
        {
            await app.DisposeAsync();
        }

        foreach (var (listener, loop) in _tcp.Values)
        {
            listener.Stop();
            await loop;
        }

        foreach (var (socket, loop) in _udp.Values)
        {
            socket.Dispose();
            await loop;
        }
    }
}
