using System.CommandLine;
using Understudy.Node.Config;
using Understudy.Node.Hosting;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy node run</c>: runs one node of a cluster file in this process.</summary>
internal static class NodeRunCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "run";

    public static Command Create()
    {
        var file = new Option<string>("--file", "-f") { Description = $"Cluster file (YAML; default {HostPaths.ClusterFile})", DefaultValueFactory = _ => HostPaths.ClusterFile };
        var node = new Option<string>("--node", "-n") { Description = "Which node of the file this process is", Required = true };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Where the node keeps its Raft log (default ${DataDirectories.StateDirectoryVariable}/CLUSTER/NODE under systemd, else ./.understudy/CLUSTER/NODE)" };
        var parent = new Option<int?>("--parent-pid") { Description = "Stop when this process exits" };
        var run = new Command(Name, "Run one node of the cluster in the foreground") { file, node, dataDir, parent };
        run.SetAction(async (parse, token) =>
        {
            var config = ClusterFileInput.Load(parse.GetValue(file)!, Console.Error);
            if (config is null)
            {
                return ClusterFileInput.InvalidInput;
            }

            var name = parse.GetValue(node)!;
            if (config.FindNode(name) is null)
            {
                Console.Error.WriteLine($"--node: '{name}' is not a node of cluster '{config.Name}' (nodes: {string.Join(", ", config.Nodes.Select(n => n.Name))})");
                return ClusterFileInput.InvalidInput;
            }

            var (secret, keyError) = ClusterFileLoader.ResolveKey(config.Key);
            if (secret is null)
            {
                Console.Error.WriteLine(keyError);
                return ClusterFileInput.InvalidInput;
            }

            var directory = parse.GetValue(dataDir)
                ?? DataDirectories.NodeDefault(Environment.GetEnvironmentVariable(DataDirectories.StateDirectoryVariable), Environment.CurrentDirectory, config.Name, name);
            var (self, prefix) = Processes.SelfCommand.Current();
            var run = new NodeRunOptions(config, name, secret, Path.GetFullPath(directory), parse.GetValue(parent)) { Agent = new Understudy.Node.Vms.AgentLauncher(self, prefix) };
            await NodeRunner.RunAsync(run, TimeProvider.System, token);
            return 0;
        });

        return new Command("node", "Commands for a single node") { run, NodeAdminCommands.Pause(), NodeAdminCommands.Resume() };
    }
}
