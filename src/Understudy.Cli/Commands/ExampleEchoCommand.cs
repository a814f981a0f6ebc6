using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy example echo --listen ADDR:PORT --name N</c> (hidden): the tiny stateless HTTP
/// app of examples/nlb.yaml. Answers every request with its name and a newline.
/// </summary>
internal static class ExampleEchoCommand
{
    /// <summary>The <c>echo</c> subcommand of <c>understudy example</c>.</summary>
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "ADDRESS:PORT to serve on", Required = true };
        var name = new Option<string>("--name") { Description = "The name to answer with", Required = true };
        var echo = new Command("echo", "Serve HTTP, answering with a name") { listen, name };
        echo.SetAction(async (parse, token) =>
        {
            if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out var endPoint) || endPoint.Port == 0)
            {
                Console.Error.WriteLine($"--listen: '{parse.GetValue(listen)}' is not ADDRESS:PORT");
                return ClusterFileInput.InvalidInput;
            }

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(endPoint));
            await using var app = builder.Build();
            var reply = parse.GetValue(name)! + "\n";
            app.Run(context => context.Response.WriteAsync(reply, context.RequestAborted));
            await app.StartAsync(token);
            await app.WaitForShutdownAsync(token);
            return 0;
        });
        return echo;
    }
}
