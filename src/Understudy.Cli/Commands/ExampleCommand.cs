using System.CommandLine;
using System.Net;
using Understudy.Cli.Example;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy example kv|echo</c> (hidden): the stateful service of examples/failover.yaml and
/// the stateless one of examples/nlb.yaml.
/// </summary>
internal static class ExampleCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "ADDRESS:PORT to serve on", Required = true };
        var data = new Option<string>("--data") { Description = "Data file (shared by every node that may own the role)", Required = true };
        var kv = new Command("kv", "A small HTTP key-value service that honours fencing tokens") { listen, data };
        kv.SetAction(async (parse, token) =>
        {
            if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out var endpoint))
            {
                Console.Error.WriteLine($"--listen: '{parse.GetValue(listen)}' is not ADDRESS:PORT");
                return ClusterFileInput.InvalidInput;
            }

            return await KvService.RunAsync(endpoint, parse.GetValue(data)!, token);
        });
        return new Command("example", "Example workloads") { Hidden = true, Subcommands = { kv, ExampleEchoCommand.Create() } };
    }
}
