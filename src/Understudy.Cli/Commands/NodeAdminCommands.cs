using System.CommandLine;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy node pause|resume|clear-quarantine NAME</c>: drain a node's roles, take it back, or end its quarantine.</summary>
internal static class NodeAdminCommands
{
    public static Command Pause()
    {
        var name = new Argument<string>("name") { Description = "Node name" };
        var target = new ClusterTarget();
        var command = new Command("pause", "Pause a node: its roles move to other nodes and it takes no new ones") { name };
        target.AddTo(command);
        command.SetAction((parse, cancel) => ClusterChange.SendAsync(target, parse, HttpMethod.Post, $"/api/nodes/{Uri.EscapeDataString(parse.GetValue(name)!)}/pause", () => null, "paused", cancel));
        return command;
    }

    public static Command Resume()
    {
        var name = new Argument<string>("name") { Description = "Node name" };
        var failback = new Option<bool>("--failback") { Description = "Move the roles drained from it back" };
        var target = new ClusterTarget();
        var command = new Command("resume", "Resume a paused node") { name, failback };
        target.AddTo(command);
        command.SetAction((parse, cancel) => ClusterChange.SendAsync(target, parse, HttpMethod.Post, $"/api/nodes/{Uri.EscapeDataString(parse.GetValue(name)!)}/resume?failback={(parse.GetValue(failback) ? "true" : "false")}", () => null, "resumed", cancel));
        return command;
    }

    public static Command ClearQuarantine()
    {
        var name = new Argument<string>("name") { Description = "Node name" };
        var target = new ClusterTarget();
        var command = new Command("clear-quarantine", "End a flapping node's quarantine now: it takes roles and NLB buckets again") { name };
        target.AddTo(command);
        command.SetAction((parse, cancel) => ClusterChange.SendAsync(target, parse, HttpMethod.Post, $"/api/nodes/{Uri.EscapeDataString(parse.GetValue(name)!)}/clear-quarantine", () => null, "released from quarantine", cancel));
        return command;
    }
}
