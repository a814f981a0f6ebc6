using System.CommandLine;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy maintenance on|off</c>: the cluster stops acting on failures, then resumes.</summary>
internal static class MaintenanceCommand
{
    public static Command Create()
    {
        var command = new Command("maintenance", "Maintenance mode: stop acting on failures and leave resources as they are");
        foreach (var on in new[] { true, false })
        {
            var target = new ClusterTarget();
            var options = new ChangeOptions();
            var verb = new Command(on ? "on" : "off", on ? "Enter maintenance mode" : "Leave maintenance mode");
            target.AddTo(verb);
            options.AddTo(verb);
            var word = on ? "on" : "off";
            verb.SetAction((parse, cancel) => ClusterChange.SendAsync(target, options, parse, new(
                HttpMethod.Post, $"/api/maintenance?on={(on ? "true" : "false")}", () => null, $"maintenance {word}", $"maintenance {word}", _ => WaitGoals.Maintenance(on)), cancel));
            command.Subcommands.Add(verb);
        }

        return command;
    }
}
