using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy vm list [--json]</c>: the VMs every Up node runs for its roles, each node's
/// <c>GET /api/vms</c> (docs/api.md) with the node's name added as <c>host</c>.
/// </summary>
internal static class VmListCommand
{
    /// <summary>How long one node may take to answer: as the status client.</summary>
    private static readonly TimeSpan PerNode = TimeSpan.FromSeconds(2);

    public static Command Create()
    {
        var target = new ClusterTarget();
        return ClusterReader.Command(target, "list", "List the VMs that roles run, by host: state, heartbeat age, last migration", "Print the VMs as one JSON array: each node's GET /api/vms entries with \"host\" added", async (status, urls, trust, json, parse, cancel) =>
        {
            using var http = trust.Client(PerNode);
            var hosts = status.Nodes.Where(n => n.State is "Up" or "Paused").ToArray();
            var answers = await Task.WhenAll(hosts.Select(async n =>
            {
                try
                {
                    return (n.Name, Vms: JsonNode.Parse(await http.GetStringAsync($"{n.ApiUrl}/api/vms", cancel)) as JsonArray, Error: (string?)null);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !cancel.IsCancellationRequested)
                {
                    return (n.Name, Vms: null, Error: e.Message);
                }
            }));

            var all = new JsonArray();
            foreach (var (host, vms, error) in answers)
            {
                if (error is not null)
                {
                    Console.Error.WriteLine($"{host}: did not answer GET /api/vms: {error}");
                }

                foreach (var vm in vms ?? [])
                {
                    if (vm is JsonObject entry)
                    {
                        var copy = new JsonObject { ["host"] = host };
                        foreach (var (key, value) in entry)
                        {
                            copy[key] = value?.DeepClone();
                        }

                        all.Add(copy);
                    }
                }
            }

            if (json)
            {
                Console.Out.WriteLine(CliJson.Indented(all));
                return CliExit.Ok;
            }

            var table = new Table().AddColumns("VM", "Host", "Role", "Driver", "State", "Verdict", "Heartbeat");
            foreach (var vm in all.OfType<JsonObject>())
            {
                table.AddRow(
                    Markup.Escape(Text(vm, "name")), Markup.Escape(Text(vm, "host")), Markup.Escape(Text(vm, "role")), Markup.Escape(Text(vm, "driver")),
                    Markup.Escape(Text(vm, "state")), Markup.Escape(Text(vm, "verdict")), vm["sinceHeartbeatMs"] is { } ms ? $"{ms} ms ago" : "never");
            }

            AnsiConsole.Write(table);
            return answers.Any(a => a.Error is not null) ? CliExit.Unreachable : CliExit.Ok;
        });
    }

    private static string Text(JsonObject vm, string key) => vm[key]?.ToString() ?? "-";
}
