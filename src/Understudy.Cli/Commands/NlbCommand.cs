using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;
using Understudy.Core.Config;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy nlb …</c>: network load balancing status and operations (docs/nlb.md).</summary>
internal static class NlbCommand
{
    /// <summary>Exit code when the cluster refused the change.</summary>
    public const int Refused = 4;

    private static readonly string[] Operations = ["start", "stop", "drainstop", "suspend", "resume"];

    public static Command Create()
    {
        var nlb = new Command("nlb", "Network load balancing: status, member operations, weights") { Status() };
        foreach (var operation in Operations)
        {
            nlb.Subcommands.Add(Operate(operation));
        }

        nlb.Subcommands.Add(Weight());
        return nlb;
    }

    private static Command Status()
    {
        var (file, node, _) = CommonOptions();
        var json = new Option<bool>("--json") { Description = "Print the nlb part of the status as JSON" };
        var command = new Command("status", "Show the cluster address, rules and each member's share") { file, node, json };
        command.SetAction(async (parse, token) =>
        {
            if (Urls(parse.GetValue(file), parse.GetValue(node), out _) is not { } urls)
            {
                return ClusterFileInput.InvalidInput;
            }

            using var client = new StatusClient();
            foreach (var url in urls)
            {
                if (await client.TryGetAsync(url, token) is { } status)
                {
                    if (status.Nlb is null)
                    {
                        Console.Error.WriteLine("this cluster has no nlb section");
                        return ClusterFileInput.InvalidInput;
                    }

                    var nlb = status.Nlb;
                    if (nlb.Mode == "distributed")
                    {
                        // Each host holds its own connections: ask every node for its own.
                        var own = new Dictionary<string, long>(StringComparer.Ordinal);
                        foreach (var other in urls)
                        {
                            if (await client.TryGetAsync(other, token) is { Nlb: { } theirs } answer && theirs.Members.FirstOrDefault(m => m.Name == answer.AnsweredBy) is { } itself)
                            {
                                own[answer.AnsweredBy] = itself.Connections;
                            }
                        }

                        nlb = nlb with { Members = [.. nlb.Members.Select(m => m with { Connections = own.GetValueOrDefault(m.Name) })] };
                    }

                    if (parse.GetValue(json))
                    {
                        Console.Out.WriteLine(JsonSerializer.Serialize(nlb, StatusJson.Options));
                    }
                    else
                    {
                        NlbTable.Write(AnsiConsole.Console, status.AnsweredBy, nlb);
                    }

                    return 0;
                }
            }

            Console.Error.WriteLine($"no node answered (tried {string.Join(", ", urls)})");
            return StatusCommand.Unreachable;
        });
        return command;
    }

    private static Command Operate(string operation)
    {
        var (file, node, tokenOption) = CommonOptions();
        var member = new Argument<string>("NODE") { Description = "The member" };
        var command = new Command(operation, $"{operation} a member's load balancing") { member, file, node, tokenOption };
        command.SetAction((parse, token) => SendAsync(
            parse.GetValue(file), parse.GetValue(node), parse.GetValue(tokenOption),
            $"/api/nlb/members/{Uri.EscapeDataString(parse.GetValue(member)!)}/{operation}", new { }, token));
        return command;
    }

    private static Command Weight()
    {
        var (file, node, tokenOption) = CommonOptions();
        var member = new Argument<string>("NODE") { Description = "The member" };
        var rule = new Argument<string>("RULE") { Description = "The port rule's name" };
        var weight = new Argument<int>("WEIGHT") { Description = "0-100; 0 takes no new connections" };
        var command = new Command("weight", "Set a member's weight for one rule") { member, rule, weight, file, node, tokenOption };
        command.SetAction((parse, token) => SendAsync(
            parse.GetValue(file), parse.GetValue(node), parse.GetValue(tokenOption),
            $"/api/nlb/members/{Uri.EscapeDataString(parse.GetValue(member)!)}/weights/{Uri.EscapeDataString(parse.GetValue(rule)!)}",
            new { weight = parse.GetValue(weight) }, token));
        return command;
    }

    private static async Task<int> SendAsync(string? file, string? node, string? given, string path, object body, CancellationToken token)
    {
        if (Urls(file, node, out var config) is not { } urls || ClusterApiToken.Resolve(given, config, Console.Error) is not { } apiToken)
        {
            return ClusterFileInput.InvalidInput;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var url in urls)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url.TrimEnd('/') + path) { Content = JsonContent.Create(body) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);
                using var response = await http.SendAsync(request, token);
                if (response.IsSuccessStatusCode)
                {
                    Console.Out.WriteLine("ok");
                    return 0;
                }

                var error = await response.Content.ReadFromJsonAsync<ApiError>(StatusJson.Options, token);
                Console.Error.WriteLine($"refused ({(int)response.StatusCode}): {error?.Error}");
                return response.StatusCode == System.Net.HttpStatusCode.BadRequest ? ClusterFileInput.InvalidInput : Refused;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !token.IsCancellationRequested)
            {
                // Try the next node.
            }
        }

        Console.Error.WriteLine($"no node answered (tried {string.Join(", ", urls)})");
        return StatusCommand.Unreachable;
    }

    private static (Option<string?> File, Option<string?> Node, Option<string?> Token) CommonOptions() =>
    (
        new Option<string?>("--file", "-f") { Description = $"Cluster file (default: {HostPaths.ClusterFile} if it exists, else the built-in demo)" },
        new Option<string?>("--node") { Description = "API URL of the node to ask" },
        new Option<string?>("--token") { Description = $"API token (default: ${ClusterApiToken.EnvironmentVariable}, else derived from -f)" }
    );

    private static IReadOnlyList<string>? Urls(string? file, string? node, out ClusterConfig? config)
    {
        config = null;
        if (node is not null)
        {
            if (file is not null)
            {
                config = ClusterFileInput.Load(file, Console.Error);
            }

            if (Uri.TryCreate(node, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return [node];
            }

            Console.Error.WriteLine($"--node: '{node}' is not an http:// URL");
            return null;
        }

        config = HostPaths.ClientClusterFile(file) is { } path ? ClusterFileInput.Load(path, Console.Error) : DemoCluster.Config();
        return config?.Nodes.Select(n => n.ApiUrl).ToArray();
    }
}
