using Spectre.Console;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>Renders a status document for people.</summary>
internal static class StatusTable
{
    public static void Write(IAnsiConsole console, StatusDocument status)
    {
        if (status.Maintenance)
        {
            console.MarkupLine("[black on yellow] MAINTENANCE MODE: no failover, placement or restart until `understudy maintenance off` [/]");
        }

        console.MarkupLine(
            $"Cluster [bold]{Markup.Escape(status.Cluster)}[/]  leader [bold]{Markup.Escape(status.Leader ?? "(none)")}[/]  " +
            $"term {status.Term}  quorum {(status.Quorum ? "[green]yes[/]" : "[red]no[/]")}  version {status.Version}  (answered by {Markup.Escape(status.AnsweredBy)})");
        var table = new Table().AddColumns("Node", "State", "PID", "Last heartbeat", "Version", "API");
        foreach (var node in status.Nodes)
        {
            table.AddRow(
                Markup.Escape(node.Name + (node.Name == status.Leader ? " *" : "")),
                Colour(node.State) + (node.QuarantinedUntil is { } until ? Markup.Escape($" (quarantined until {until:u})") : ""),
                node.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                node.LastHeartbeatMs is { } ms ? $"{ms} ms ago" : "never",
                Markup.Escape(node.Software is { } v ? $"{v} (p{node.Protocol})" : "-"),
                Markup.Escape(node.ApiUrl));
        }

        console.Write(table);
        if (MixedVersions(status) is { } mixed)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(mixed)}[/]");
        }

        if (!status.Roles.IsDefaultOrEmpty)
        {
            var roles = new Table().AddColumns("Role", "State", "Runs on");
            foreach (var role in status.Roles)
            {
                roles.AddRow(Markup.Escape(role.Name), Markup.Escape(role.State), Markup.Escape(RoleWhere.Text(role)));
            }

            console.Write(roles);
        }
    }

    /// <summary>A line when the nodes announced different versions (a rolling upgrade in progress), else null.</summary>
    internal static string? MixedVersions(StatusDocument status)
    {
        var versions = status.Nodes.Where(n => n.Software is not null).Select(n => $"{n.Software} (protocol {n.Protocol})").Distinct(StringComparer.Ordinal).ToArray();
        return versions.Length > 1 ? $"mixed versions: {string.Join(", ", versions)} (a rolling upgrade in progress? docs/operations.md \"Upgrades\")" : null;
    }

    private static string Colour(string state) => state switch
    {
        "Up" => "[green]Up[/]",
        "Down" => "[red]Down[/]",
        "Paused" => "[yellow]Paused[/]",
        _ => Markup.Escape(state),
    };
}
