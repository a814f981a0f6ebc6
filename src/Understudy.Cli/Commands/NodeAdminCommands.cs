using System.CommandLine;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy node pause|resume|clear-quarantine NAME</c>: drain a node's roles, take it back, or end its quarantine.</summary>
internal static class NodeAdminCommands
{
    public static Command Pause()
    {
        var target = new ClusterTarget();
        var name = NodeName(target);
        var options = new ChangeOptions();
        var command = new Command("pause", "Pause a node: its roles move to other nodes and it takes no new ones") { name };
        target.AddTo(command);
        options.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var node = parse.GetValue(name)!;
            return ClusterChange.SendAsync(target, options, parse, new(
                HttpMethod.Post, $"/api/nodes/{Uri.EscapeDataString(node)}/pause", () => null, $"node pause {node}", "paused", _ => WaitGoals.NodePaused(node)), cancel);
        });
        return command;
    }

    public static Command Resume()
    {
        var target = new ClusterTarget();
        var name = NodeName(target);
        var failback = new Option<bool>("--failback") { Description = "Move the roles drained from it back" };
        var options = new ChangeOptions();
        var command = new Command("resume", "Resume a paused node") { name, failback };
        target.AddTo(command);
        options.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var node = parse.GetValue(name)!;
            var back = parse.GetValue(failback);
            return ClusterChange.SendAsync(target, options, parse, new(
                HttpMethod.Post, $"/api/nodes/{Uri.EscapeDataString(node)}/resume?failback={(back ? "true" : "false")}", () => null,
                back ? $"node resume {node} --failback" : $"node resume {node}", "resumed", _ => WaitGoals.NodeUp(node)), cancel);
        });
        return command;
    }

    public static Command ClearQuarantine()
    {
        var target = new ClusterTarget();
        var name = NodeName(target);
        var options = new ChangeOptions();
        var command = new Command("clear-quarantine", "End a flapping node's quarantine now: it takes roles and NLB buckets again") { name };
        target.AddTo(command);
        options.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var node = parse.GetValue(name)!;
            return ClusterChange.SendAsync(target, options, parse, new(
                HttpMethod.Post, $"/api/nodes/{Uri.EscapeDataString(node)}/clear-quarantine", () => null, $"node clear-quarantine {node}", "released from quarantine"), cancel);
        });
        return command;
    }

    /// <summary>The NAME argument of a node command, completed from the cluster's nodes.</summary>
    internal static Argument<string> NodeName(ClusterTarget target)
    {
        var name = new Argument<string>("name") { Description = "Node name" };
        ClusterNames.Nodes(name, target);
        return name;
    }
}
