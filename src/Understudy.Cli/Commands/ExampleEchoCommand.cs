using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy example echo --listen ADDR:PORT --name N</c> (hidden): the tiny stateless HTTP
/// app of examples/nlb.yaml. Answers every request with its name and a newline. As the clone
/// role of examples/nlb.yaml it takes <c>--port</c> and serves on its node's address
/// (UNDERSTUDY_NODE_ADDRESS), answering with its node's name (UNDERSTUDY_NODE).
/// </summary>
internal static class ExampleEchoCommand
{
    /// <summary>The <c>echo</c> subcommand of <c>understudy example</c>.</summary>
    public static Command Create()
    {
        var listen = new Option<string?>("--listen") { Description = "ADDRESS:PORT to serve on" };
        var port = new Option<int?>("--port") { Description = "Port to serve on, at $UNDERSTUDY_NODE_ADDRESS (as a clone role's instance)" };
        var name = new Option<string?>("--name") { Description = "The name to answer with (default $UNDERSTUDY_NODE)" };
        var udp = new Option<int?>("--udp") { Description = "Also answer UDP datagrams on this port of the same address" };
        var echo = new Command("echo", "Serve HTTP, answering with a name") { listen, port, name, udp };
        echo.SetAction(async (parse, token) =>
        {
            var text = parse.GetValue(listen)
                ?? (parse.GetValue(port) is { } p && Environment.GetEnvironmentVariable("UNDERSTUDY_NODE_ADDRESS") is { } address ? $"{address}:{p}" : null);
            if (text is null || !IPEndPoint.TryParse(text, out var endPoint) || endPoint.Port == 0)
            {
                Console.Error.WriteLine(text is null
                    ? "give --listen ADDRESS:PORT, or --port PORT with UNDERSTUDY_NODE_ADDRESS set (a clone role's instance has it)"
                    : $"--listen: '{text}' is not ADDRESS:PORT");
                return ClusterFileInput.InvalidInput;
            }

            if ((parse.GetValue(name) ?? Environment.GetEnvironmentVariable("UNDERSTUDY_NODE")) is not { } answer)
            {
                Console.Error.WriteLine("give --name NAME (or run it as a role, which sets UNDERSTUDY_NODE)");
                return ClusterFileInput.InvalidInput;
            }

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(endPoint));
            await using var app = builder.Build();
            var reply = Encoding.UTF8.GetBytes(answer + "\n");
            app.Run(context =>
            {
                context.Response.ContentLength = reply.Length; // no chunked encoding: plain for curl, cheap for benchmarks
                return context.Response.Body.WriteAsync(reply, context.RequestAborted).AsTask();
            });
            await app.StartAsync(token);
            using var datagrams = parse.GetValue(udp) is { } udpPort ? new UdpClient(new IPEndPoint(endPoint.Address, udpPort)) : null;
            var answering = datagrams is null ? Task.CompletedTask : AnswerDatagramsAsync(datagrams, Encoding.UTF8.GetBytes(answer), token);
            await app.WaitForShutdownAsync(token);
            datagrams?.Dispose();
            await answering;
            return 0;
        });
        return echo;
    }

    private static async Task AnswerDatagramsAsync(UdpClient socket, byte[] reply, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(token);
                await socket.SendAsync(reply, received.RemoteEndPoint, token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
