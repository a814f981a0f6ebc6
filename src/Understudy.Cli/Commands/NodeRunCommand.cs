using System.CommandLine;
using Understudy.Node.Config;
using Understudy.Node.Hosting;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy node run</c>: runs one node of a cluster file in this process.</summary>
internal static class NodeRunCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "run";

    /// <summary>The hidden option that moves the node's wall clock (<c>understudy scenario chaos</c>).</summary>
    public const string WallClockOffsetOption = "--wall-clock-offset";

    /// <summary>The hidden option that names a file holding the node's wall-clock offset, read again
    /// when it changes (<see cref="WallClockFile"/>): a step of the clock while the node runs.</summary>
    public const string WallClockFileOption = "--wall-clock-file";

    public static Command Create()
    {
        var file = new Option<string>("--file", "-f") { Description = $"Cluster file (YAML; default {HostPaths.ClusterFile})", DefaultValueFactory = _ => HostPaths.ClusterFile };
        var node = new Option<string>("--node", "-n") { Description = "Which node of the file this process is", Required = true };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Where the node keeps its Raft log (default ${DataDirectories.StateDirectoryVariable}/CLUSTER/NODE under systemd, else ./.understudy/CLUSTER/NODE)" };
        var parent = new Option<int?>("--parent-pid") { Description = "Stop when this process exits" };
        var clock = new Option<double>(WallClockOffsetOption)
        {
            Description = "Failure injection: seconds to add to this node's wall clock (its injected time source; timers and timeouts keep the monotonic clock)",
            Hidden = true,
        };
        var clockFile = new Option<string?>(WallClockFileOption)
        {
            Description = "Failure injection: a file holding the seconds to add to this node's wall clock, read again whenever it changes (a step of the clock while the node runs)",
            Hidden = true,
        };
        var logs = new NodeLogOptions();
        var run = new Command(Name, "Run one node of the cluster in the foreground") { file, node, dataDir, parent, clock, clockFile };
        logs.AddTo(run);
        run.SetAction((parse, token) => RunAsync(parse.GetValue(file)!, parse.GetValue(node)!, parse.GetValue(dataDir), parse.GetValue(parent), witness: false, token, logs.Read(parse), TimeSpan.FromSeconds(parse.GetValue(clock)), parse.GetValue(clockFile)));
        return new Command("node", "Commands for a single node") { run, NodeListCommand.Create(), NodeAdminCommands.Pause(), NodeAdminCommands.Resume(), NodeAdminCommands.ClearQuarantine() };
    }

    /// <summary>Runs node <paramref name="name"/> of <paramref name="path"/> until cancelled;
    /// with <paramref name="witness"/>, only a node the file marks <c>witness: true</c>.</summary>
    public static async Task<int> RunAsync(string path, string name, string? dataDir, int? parent, bool witness, CancellationToken token, (NodeLogFormat Format, Microsoft.Extensions.Logging.LogLevel Level)? logs = null, TimeSpan clockOffset = default, string? clockFile = null)
    {
        var config = ClusterFileInput.Load(path, Console.Error);
        if (config is null)
        {
            return ClusterFileInput.InvalidInput;
        }

        if (config.FindNode(name) is not { } entry)
        {
            Console.Error.WriteLine($"--node: '{name}' is not a node of cluster '{config.Name}' (nodes: {string.Join(", ", config.Nodes.Select(n => n.Name))})");
            return ClusterFileInput.InvalidInput;
        }

        if (witness && !entry.Witness)
        {
            Console.Error.WriteLine($"--node: '{name}' is not a witness of cluster '{config.Name}'; mark it 'witness: true' in {path}, or run it with understudy node run");
            return ClusterFileInput.InvalidInput;
        }

        var (secret, keyError) = ClusterFileLoader.ResolveKey(config.Key);
        if (secret is null)
        {
            Console.Error.WriteLine(keyError);
            return ClusterFileInput.InvalidInput;
        }

        var directory = dataDir
            ?? DataDirectories.NodeDefault(Environment.GetEnvironmentVariable(DataDirectories.StateDirectoryVariable), Environment.CurrentDirectory, config.Name, name);
        var (self, prefix) = Processes.SelfCommand.Current();
        var run = new NodeRunOptions(config, name, secret, Path.GetFullPath(directory), parent)
        {
            Agent = new Understudy.Node.Vms.AgentLauncher(self, prefix),
            SecretFile = config.Key is Understudy.Core.Config.ClusterKeySource.File keyFile ? keyFile.Path : Path.GetFullPath(path),
        };
        if (logs is { } l)
        {
            run = run with { LogFormat = l.Format, LogLevel = l.Level };
        }

        var moved = clockOffset == TimeSpan.Zero && clockFile is null ? null : new WallClockOffset(TimeProvider.System, clockOffset);
        using var steps = clockFile is null || moved is null ? null : new WallClockFile(Path.GetFullPath(clockFile), moved);
        var time = moved ?? TimeProvider.System;
        await (entry.Witness ? WitnessRunner.RunAsync(run, time, token) : NodeRunner.RunAsync(run, time, token));
        return 0;
    }
}
