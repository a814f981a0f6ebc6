using System.CommandLine;
using Spectre.Console;
using Understudy.Cli.Lab;
using Understudy.Cli.Processes;
using Understudy.Core.Config;
using Understudy.Node.Api;
using Understudy.Node.Hosting;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy up</c>: starts every node of a cluster file as its own process on this machine,
/// waits until there is a leader and every node is Up, then runs until Ctrl-C or SIGTERM.
/// </summary>
internal static class UpCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "up";

    /// <summary>How long <c>up</c> waits for the cluster to form before it says so.</summary>
    private static readonly TimeSpan FormationTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long <c>up</c> then waits for the failover roles to come online before it
    /// prints what to try anyway (a role whose service never starts should not hold it up).</summary>
    private static readonly TimeSpan RolesTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var file = new Option<string?>("--file", "-f") { Description = "Cluster file (default: the built-in 3-node demo)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Root of the nodes' data directories (default ./.understudy)" };
        var hosts = new Option<bool>("--hosts") { Description = "Each node on its own host: a network namespace on a lab LAN (needs root; docs/lab.md)" };
        var command = new Command(Name, "Start every node of a cluster file on this machine and watch them form a cluster") { file, dataDir, hosts };
        command.SetAction(async (parse, token) =>
        {
            var root = DataDirectories.Root(parse.GetValue(dataDir));
            if (parse.GetValue(hosts) && parse.GetValue(file) is null)
            {
                Console.Error.WriteLine("--hosts needs -f FILE: a cluster file with LAN addresses, such as examples/hosts.yaml (the demo's are loopback)");
                return ClusterFileInput.InvalidInput;
            }

            var path = parse.GetValue(file) ?? DemoCluster.WriteTo(Path.Combine(root, "demo"));
            var config = ClusterFileInput.Load(path, Console.Error);
            if (config is null)
            {
                return ClusterFileInput.InvalidInput;
            }

            return parse.GetValue(hosts)
                ? await LabUp.RunAsync(config, Path.GetFullPath(path), root, token)
                : await RunAsync(config, Path.GetFullPath(path), root, null, token);
        });
        return command;
    }

    /// <summary>Runs every node (each in its lab host's namespace when <paramref name="lab"/> is
    /// set) until cancelled or every node is gone.</summary>
    public static async Task<int> RunAsync(ClusterConfig config, string path, string root, LabState? lab, CancellationToken token)
    {
        var console = AnsiConsole.Console;
        var nodes = new List<NodeProcess>();
        using var sockets = lab is null ? null : new NamespaceSockets(lab.Client.Namespace);
        try
        {
            foreach (var node in config.Nodes)
            {
                nodes.Add(NodeProcess.Start(path, node, DataDirectories.ForNode(root, config.Name, node.Name), lab?.Plan.Find(node.Name)!.Namespace, vmBridge: lab?.Plan.VmBridge));
            }

            using var client = new StatusClient(ApiTrust.For(config), sockets?.Handler());
            var formed = await WaitForClusterAsync(console, client, config, nodes, token);
            if (formed is not null)
            {
                formed = await WaitForRolesAsync(console, client, config, formed, token);
                StatusTable.Write(console, formed);
                console.MarkupLine($"Cluster [bold]{Markup.Escape(config.Name)}[/] is up. Node logs: {Markup.Escape(Path.Combine(root, config.Name))}/NODE/node.log");
                var demo = path.EndsWith("demo.yaml", StringComparison.Ordinal);
                DemoTour.Write(console, config, formed, demo ? "" : $" -f {path}");
                console.MarkupLine("Ctrl-C stops every node.");
            }

            await WaitUntilStoppedAsync(nodes, token);
            return nodes.Any(n => n.HasExited) && !token.IsCancellationRequested ? 1 : 0;
        }
        finally
        {
            console.MarkupLine("Stopping nodes…");
            await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
            console.MarkupLine("All nodes stopped.");
        }
    }

    private static async Task<StatusDocument?> WaitForClusterAsync(
        IAnsiConsole console, StatusClient client, ClusterConfig config, IReadOnlyList<NodeProcess> nodes, CancellationToken token)
    {
        StatusDocument? formed = null;
        await console.Status().StartAsync("Starting nodes…", async context =>
        {
            var started = TimeProvider.System.GetTimestamp();
            using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200), TimeProvider.System);
            while (TimeProvider.System.GetElapsedTime(started) < FormationTimeout && await Ticks.NextAsync(poll, token))
            {
                if (nodes.FirstOrDefault(n => n.HasExited) is { } dead)
                {
                    console.MarkupLine($"[red]Node {Markup.Escape(dead.Node.Name)} exited.[/] See {Markup.Escape(dead.LogPath)}");
                    return;
                }

                var answers = await Task.WhenAll(config.Nodes.Select(n => client.TryGetAsync(n.ApiUrl, token)));
                var best = answers.Where(a => a?.Leader is not null).MaxBy(a => a!.Version);
                var up = best?.Nodes.Count(n => n.State == "Up") ?? 0;
                context.Status($"{answers.Count(a => a is not null)}/{nodes.Count} nodes answering, leader: {best?.Leader ?? "electing"}, {up}/{nodes.Count} Up");
                if (best is not null && up == nodes.Count)
                {
                    formed = best;
                    return;
                }
            }

            if (!token.IsCancellationRequested)
            {
                console.MarkupLine($"[yellow]The cluster did not fully form within {FormationTimeout.TotalSeconds:0} s; nodes keep running. Check their logs.[/]");
            }
        });
        return formed;
    }


    /// <summary>Waits (at most <see cref="RolesTimeout"/>) until every failover role is Online,
    /// so that what <c>up</c> prints names each role's owner; the newest status either way.</summary>
    private static async Task<StatusDocument> WaitForRolesAsync(
        IAnsiConsole console, StatusClient client, ClusterConfig config, StatusDocument formed, CancellationToken token)
    {
        var latest = formed;
        var names = config.Roles.Where(r => !r.IsClone).Select(r => r.Name).ToArray();
        bool AllOnline(StatusDocument s) => names.All(n => s.Roles.Any(r => r.Name == n && r.State == "Online"));
        if (names.Length == 0 || AllOnline(latest))
        {
            return latest;
        }

        await console.Status().StartAsync("Starting roles…", async context =>
        {
            var started = TimeProvider.System.GetTimestamp();
            using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200), TimeProvider.System);
            while (TimeProvider.System.GetElapsedTime(started) < RolesTimeout && await Ticks.NextAsync(poll, token))
            {
                var answers = await Task.WhenAll(config.Nodes.Select(n => client.TryGetAsync(n.ApiUrl, token)));
                latest = answers.Where(a => a?.Leader is not null).MaxBy(a => a!.Version) ?? latest;
                context.Status("Starting roles: " + string.Join(", ", latest.Roles.Where(r => names.Contains(r.Name)).Select(r => $"{r.Name} {r.State}")));
                if (AllOnline(latest))
                {
                    return;
                }
            }
        });
        return latest;
    }

    private static async Task WaitUntilStoppedAsync(IReadOnlyList<NodeProcess> nodes, CancellationToken token)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), TimeProvider.System);
        while (await Ticks.NextAsync(timer, token) && !nodes.All(n => n.HasExited))
        {
        }
    }
}
