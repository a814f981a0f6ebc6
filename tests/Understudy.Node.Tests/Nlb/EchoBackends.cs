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

    public async Task StartHttpAsync(string name, string address, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Parse(address), port));
        var app = builder.Build();
        var body = Encoding.UTF8.GetBytes(name + "\n");
        app.Run(c =>
        {
            c.Response.ContentLength = body.Length;
            return c.Response.Body.WriteAsync(body).AsTask();
        });
        await app.StartAsync();
        _http[name] = app;
    }

    public void StartUdp(string name, string address, int port)
    {
        var socket = new UdpClient(new IPEndPoint(IPAddress.Parse(address), port));
        var reply = Encoding.UTF8.GetBytes(name);
        _udp[name] = (socket, Task.Run(async () =>
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

        foreach (var (socket, loop) in _udp.Values)
        {
            socket.Dispose();
            await loop;
        }
    }
}
