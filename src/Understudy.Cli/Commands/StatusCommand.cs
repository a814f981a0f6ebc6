using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy status</c>: asks a node how the cluster is.</summary>
internal static class StatusCommand
{
    /// <summary>Exit code when no node answered.</summary>
    public const int Unreachable = 3;

    public static Command Create()
    {
        var node = new Option<string?>("--node") { Description = "API URL of the node to ask, e.g. http://127.0.0.11:7400" };
        var file = new Option<string?>("--file", "-f") { Description = $"Cluster file: ask its first node that answers (default: {HostPaths.ClusterFile} if it exists, else the built-in demo)" };
        var json = new Option<bool>("--json") { Description = "Print the status as JSON (docs/status-json.md)" };
        var command = new Command("status", "Show the cluster's nodes, leader and quorum") { node, file, json };
        command.SetAction(async (parse, token) =>
        {
            var urls = ResolveUrls(parse.GetValue(node), parse.GetValue(file));
            if (urls is null)
            {
                return ClusterFileInput.InvalidInput;
            }

            using var client = new StatusClient();
            foreach (var url in urls)
            {
                if (await client.TryGetAsync(url, token) is { } status)
                {
                    if (parse.GetValue(json))
                    {
                        Console.Out.WriteLine(JsonSerializer.Serialize(status, StatusJson.Options));
                    }
                    else
                    {
                        StatusTable.Write(AnsiConsole.Console, status);
                    }

                    return 0;
                }
            }

            Console.Error.WriteLine($"no node answered (tried {string.Join(", ", urls)})");
            return Unreachable;
        });
        return command;
    }

    private static IReadOnlyList<string>? ResolveUrls(string? node, string? file)
    {
        if (node is not null)
        {
            return Uri.TryCreate(node, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? [node]
                : Refuse($"--node: '{node}' is not an http:// URL");
        }

        var config = HostPaths.ClientClusterFile(file) is { } path ? ClusterFileInput.Load(path, Console.Error) : DemoCluster.Config();
        return config?.Nodes.Select(n => n.ApiUrl).ToArray();
    }

    private static IReadOnlyList<string>? Refuse(string message)
    {
        Console.Error.WriteLine(message);
        return null;
    }
}
