using System.CommandLine;
using Spectre.Console;
using Understudy.Core.Config;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy role add|remove|list|move|start|stop</c>: failover roles, live.</summary>
internal static class RoleCommand
{
    public static Command Create() => new("role", "Manage failover roles of a running cluster")
    {
        Add(), Remove(), List(), Move(), Simple("start", "Start a stopped or Failed role on its best node"), Simple("stop", "Stop a role (it stays defined, with no owner)"),
    };

    private static Command Add()
    {
        var file = new Option<string>("--file", "-f") { Description = "Role file (YAML, the keys of one entry of roles:)", Required = true };
        var target = new ClusterTarget("--cluster", alias: null);
        var command = new Command("add", "Add a role, or replace the definition of one with the same name") { file };
        target.AddTo(command);
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
                return ClusterFileInput.InvalidInput;
            }

            var (_, config) = target.Resolve(parse);
            var nodes = config?.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal) ?? [];
            var (role, errors) = RoleFileParser.Parse(yaml, path, Path.GetDirectoryName(Path.GetFullPath(path))!, nodes);
            if (role is null && (config is not null || errors.Any(e => !e.Message.Contains("is not a node", StringComparison.Ordinal))))
            {
                Console.Error.WriteLine($"{path}: the role is not valid:");
                foreach (var error in errors)
                {
                    Console.Error.WriteLine($"  {error}");
                }

                return ClusterFileInput.InvalidInput;
            }

            return await ClusterChange.SendAsync(target, parse, HttpMethod.Post, "/api/roles", () => new StringContent(yaml), $"role from {path} committed", cancel);
        });
        return command;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "Role name" };
        var target = new ClusterTarget();
        var command = new Command("remove", "Stop and remove a role") { name };
        target.AddTo(command);
        command.SetAction((parse, cancel) => ClusterChange.SendAsync(target, parse, HttpMethod.Delete, $"/api/roles/{Uri.EscapeDataString(parse.GetValue(name)!)}", () => null, "removed", cancel));
        return command;
    }

    private static Command Move()
    {
        var name = new Argument<string>("name") { Description = "Role name" };
        var to = new Option<string?>("--to") { Description = "Node to move it to (default: the best other node)" };
        var target = new ClusterTarget();
        var command = new Command("move", "Move a role to another node (the old owner stops it first)") { name, to };
        target.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var query = parse.GetValue(to) is { } node ? $"?node={Uri.EscapeDataString(node)}" : "";
            return ClusterChange.SendAsync(target, parse, HttpMethod.Post, $"/api/roles/{Uri.EscapeDataString(parse.GetValue(name)!)}/move{query}", () => null, "moving", cancel);
        });
        return command;
    }

    private static Command Simple(string verb, string description)
    {
        var name = new Argument<string>("name") { Description = "Role name" };
        var target = new ClusterTarget();
        var command = new Command(verb, description) { name };
        target.AddTo(command);
        command.SetAction((parse, cancel) => ClusterChange.SendAsync(target, parse, HttpMethod.Post, $"/api/roles/{Uri.EscapeDataString(parse.GetValue(name)!)}/{verb}", () => null, $"{verb} committed", cancel));
        return command;
    }

    private static Command List()
    {
        var target = new ClusterTarget();
        var json = new Option<bool>("--json") { Description = "Print the roles as JSON (the status document's roles, docs/status-json.md)" };
        var command = new Command("list", "List roles: state, owner, fencing token, restarts, resources") { json };
        target.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var (urls, _) = target.Resolve(parse);
            if (urls is null)
            {
                return ClusterFileInput.InvalidInput;
            }

            using var client = new StatusClient();
            foreach (var url in urls)
            {
                if (await client.TryGetAsync(url, cancel) is { } status)
                {
                    if (parse.GetValue(json))
                    {
                        Console.Out.WriteLine(CliJson.Roles(status.Roles));
                        return 0;
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
                    return 0;
                }
            }

            Console.Error.WriteLine($"no node answered (tried {string.Join(", ", urls)})");
            return StatusCommand.Unreachable;
        });
        return command;
    }
}
