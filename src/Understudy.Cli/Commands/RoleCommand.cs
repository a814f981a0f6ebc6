using System.CommandLine;
using Spectre.Console;
using Understudy.Core.Config;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy role add|remove|list|show|move|start|stop</c>: failover roles, live.</summary>
internal static class RoleCommand
{
    public static Command Create() => new("role", "Manage failover roles of a running cluster")
    {
        Add(), Remove(), List(), RoleShowCommand.Create(), Move(),
        Simple("start", "Start a stopped or Failed role on its best node", WaitGoals.RoleOnline),
        Simple("stop", "Stop a role (it stays defined, with no owner)", WaitGoals.RoleStopped),
    };

    private static Command Add()
    {
        var file = new Option<string>("--file", "-f") { Description = "Role file (YAML, the keys of one entry of roles:)", Required = true };
        var target = new ClusterTarget("--cluster", alias: null);
        var options = new ChangeOptions();
        var command = new Command("add", "Add a role, or replace the definition of one with the same name") { file };
        target.AddTo(command);
        options.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var path = parse.GetValue(file)!;
            string yaml;
            try
            {
                yaml = await File.ReadAllTextAsync(path, cancel);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{path}: {e.Message}");
                return CliExit.BadInput;
            }

            var (_, config) = target.Resolve(parse, TextWriter.Null);
            var nodes = config?.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal) ?? [];
            var (role, errors) = RoleFileParser.Parse(yaml, path, Path.GetDirectoryName(Path.GetFullPath(path))!, nodes);
            if (role is null && (config is not null || errors.Any(e => !e.Message.Contains("is not a node", StringComparison.Ordinal))))
            {
                Console.Error.WriteLine($"{path}: the role is not valid:");
                foreach (var error in errors)
                {
                    Console.Error.WriteLine($"  {error}");
                }

                return CliExit.BadInput;
            }

            var name = role?.Name;
            return await ClusterChange.SendAsync(target, options, parse, new(
                HttpMethod.Post, "/api/roles", () => new StringContent(yaml), $"role add {name ?? path}", $"role from {path} committed",
                name is null ? null : _ => WaitGoals.RoleOnline(name)), cancel);
        });
        return command;
    }

    private static Command Remove()
    {
        var target = new ClusterTarget();
        var name = RoleName(target);
        var options = new ChangeOptions();
        var command = new Command("remove", "Stop and remove a role") { name };
        target.AddTo(command);
        options.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var role = parse.GetValue(name)!;
            return ClusterChange.SendAsync(target, options, parse, new(
                HttpMethod.Delete, $"/api/roles/{Uri.EscapeDataString(role)}", () => null, $"role remove {role}", "removed", _ => WaitGoals.RoleRemoved(role)), cancel);
        });
        return command;
    }

    private static Command Move()
    {
        var target = new ClusterTarget();
        var name = RoleName(target);
        var to = new Option<string?>("--to") { Description = "Node to move it to (default: the best other node)" };
        ClusterNames.Nodes(to, target);
        var options = new ChangeOptions();
        var command = new Command("move", "Move a role to another node (the old owner stops it first)") { name, to };
        target.AddTo(command);
        options.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var role = parse.GetValue(name)!;
            var node = parse.GetValue(to);
            var query = node is not null ? $"?node={Uri.EscapeDataString(node)}" : "";
            return ClusterChange.SendAsync(target, options, parse, new(
                HttpMethod.Post, $"/api/roles/{Uri.EscapeDataString(role)}/move{query}", () => null,
                node is null ? $"role move {role}" : $"role move {role} --to {node}", "moving",
                before => WaitGoals.RoleMoved(role, node, before?.Roles.FirstOrDefault(r => r.Name == role)?.Owner)), cancel);
        });
        return command;
    }

    private static Command Simple(string verb, string description, Func<string, WaitGoal> goal)
    {
        var target = new ClusterTarget();
        var name = RoleName(target);
        var options = new ChangeOptions();
        var command = new Command(verb, description) { name };
        target.AddTo(command);
        options.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var role = parse.GetValue(name)!;
            return ClusterChange.SendAsync(target, options, parse, new(
                HttpMethod.Post, $"/api/roles/{Uri.EscapeDataString(role)}/{verb}", () => null, $"role {verb} {role}", $"{verb} committed", _ => goal(role)), cancel);
        });
        return command;
    }

    /// <summary>The NAME argument of a role command, completed from the cluster's roles.</summary>
    internal static Argument<string> RoleName(ClusterTarget target)
    {
        var name = new Argument<string>("name") { Description = "Role name" };
        ClusterNames.Roles(name, target);
        return name;
    }

    private static Command List()
    {
        var target = new ClusterTarget();
        return ClusterReader.Command(target, "list", "List roles: state, owner, fencing token, restarts, resources", "Print the roles as JSON (the status document's roles, docs/status-json.md)", async (status, urls, trust, json, parse, cancel) =>
        {
            if (json)
            {
                Console.Out.WriteLine(CliJson.Roles(status.Roles));
                return CliExit.Ok;
            }

            var table = new Table().AddColumns("Role", "State", "Owner", "Token", "Restarts", "Resources");
            foreach (var role in status.Roles)
            {
                table.AddRow(
                    Markup.Escape(role.Name),
                    Markup.Escape(role.State),
                    Markup.Escape(RoleWhere.Text(role)),
                    role.FencingToken.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    role.Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", role.Resources.Select(r => $"{r.Name} ({r.Type}) {r.State}"))));
            }

            AnsiConsole.Write(table);
            return CliExit.Ok;
        });
    }
}
