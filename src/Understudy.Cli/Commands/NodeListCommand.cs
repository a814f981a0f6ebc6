using System.CommandLine;
using Spectre.Console;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy node list [--json]</c>: the nodes of the status, for scripts and eyes.</summary>
internal static class NodeListCommand
{
    public static Command Create()
    {
        var target = new ClusterTarget();
        return ClusterReader.Command(target, "list", "List nodes: state, process, last heartbeat, version, vote", "Print the nodes as JSON (the status document's nodes, docs/status-json.md)", async (status, urls, trust, json, parse, cancel) =>
        {
            if (json)
            {
                Console.Out.WriteLine(CliJson.Nodes(status.Nodes));
                return CliExit.Ok;
            }

            var table = new Table().AddColumns("Node", "State", "Since", "Reason", "Version", "Votes", "Address");
            foreach (var node in status.Nodes)
            {
                table.AddRow(
                    Markup.Escape(node.Name + (node.Name == status.Leader ? " *" : "")),
                    Markup.Escape(node.State),
                    node.Since is { } since ? since.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : "-",
                    Markup.Escape(node.Reason ?? "-"),
                    Markup.Escape(node.Software ?? "-"),
                    node.Vote ? "yes" : "no",
                    Markup.Escape(node.Address));
            }

            AnsiConsole.Write(table);
            return CliExit.Ok;
        });
    }
}
