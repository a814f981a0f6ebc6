using System.CommandLine;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy witness run</c>: runs a cluster file's quorum witness (<c>witness: true</c>),
/// the third vote of a two-host cluster: a standby Raft member that votes and keeps the database
/// and runs nothing else (<see cref="Understudy.Node.Hosting.WitnessRunner"/>), so it can live on
/// a small machine or VM (docs/failover.md, "Witness").
/// </summary>
internal static class WitnessCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "witness";

    public static Command Create()
    {
        var file = new Option<string>("--file", "-f") { Description = "Cluster file (YAML)", Required = true };
        var node = new Option<string>("--node", "-n") { Description = "The witness's name in the file", Required = true };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the witness keeps its Raft log (default ./.understudy/CLUSTER/NODE)" };
        var parent = new Option<int?>("--parent-pid") { Description = "Stop when this process exits" };
        var run = new Command(NodeRunCommand.Name, "Run the cluster's quorum witness in the foreground") { file, node, dataDir, parent };
        var logs = new NodeLogOptions();
        logs.AddTo(run);
        run.SetAction((parse, token) => NodeRunCommand.RunAsync(parse.GetValue(file)!, parse.GetValue(node)!, parse.GetValue(dataDir), parse.GetValue(parent), witness: true, token, logs.Read(parse)));
        return new Command(Name, "Quorum witness: a vote that runs no roles") { run };
    }
}
