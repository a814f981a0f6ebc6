using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy role show NAME [--json]</c>: one role in full, as <c>Get-ClusterGroup</c>
/// and <c>pcs resource status NAME</c> show one.</summary>
internal static class RoleShowCommand
{
    public static Command Create()
    {
        var target = new ClusterTarget();
        var name = RoleCommand.RoleName(target);
        return ClusterReader.Command(target, "show", "Show one role: state, owner, fencing token, restarts, each resource, each clone instance", "Print the role as JSON (its entry of the status document's roles, docs/status-json.md)", async (status, urls, trust, json, parse, cancel) =>
        {
            var wanted = parse.GetValue(name)!;
            if (status.Roles.FirstOrDefault(r => r.Name == wanted) is not { } role)
            {
                Console.Error.WriteLine($"no role named '{wanted}' (roles: {(status.Roles.IsEmpty ? "none" : string.Join(", ", status.Roles.Select(r => r.Name)))})");
                return CliExit.NotFound;
            }

            if (json)
            {
                Console.Out.WriteLine(CliJson.Role(role));
                return CliExit.Ok;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Role", Markup.Escape(role.Name) + (role.IsClone ? " (clone)" : ""));
            grid.AddRow("State", Markup.Escape(role.State));
            grid.AddRow("Runs on", Markup.Escape(RoleWhere.Text(role)));
            if (!role.IsClone)
            {
                grid.AddRow("Fencing token", role.FencingToken.ToString(CultureInfo.InvariantCulture));
                grid.AddRow("Restarts", role.Restarts.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(grid);
            var resources = new Table().AddColumns("Resource", "Type", "State");
            foreach (var resource in role.Resources)
            {
                resources.AddRow(Markup.Escape(resource.Name), Markup.Escape(resource.Type), Markup.Escape(resource.State));
            }

            AnsiConsole.Write(resources);
            if (role.Instances is { IsEmpty: false } instances)
            {
                var table = new Table().AddColumns("Instance on", "State", "Restarts", "Token");
                foreach (var i in instances)
                {
                    table.AddRow(Markup.Escape(i.Node), Markup.Escape(i.State), i.Restarts.ToString(CultureInfo.InvariantCulture), i.Token.ToString(CultureInfo.InvariantCulture));
                }

                AnsiConsole.Write(table);
            }

            return CliExit.Ok;
        }, name);
    }
}
