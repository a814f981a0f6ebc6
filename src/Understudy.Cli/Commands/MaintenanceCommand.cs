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
            var verb = new Command(on ? "on" : "off", on ? "Enter maintenance mode" : "Leave maintenance mode");
            target.AddTo(verb);
            verb.SetAction((parse, cancel) => ClusterChange.SendAsync(target, parse, HttpMethod.Post, $"/api/maintenance?on={(on ? "true" : "false")}", () => null, $"maintenance {(on ? "on" : "off")}", cancel));
            command.Subcommands.Add(verb);
        }

        return command;
    }
}
