using System.CommandLine;
using System.Diagnostics;
using Understudy.Cli.Commands;
using Understudy.Cli.Processes;

namespace Understudy.Cli.Lab;

/// <summary>
/// Runs a command that talks to nodes inside the client namespace when its <c>--file</c> names a
/// cluster whose host lab is up, as an admin workstation on the LAN would: the nodes' addresses
/// exist only inside the lab. The command is re-executed whole under <c>ip netns exec</c> rather
/// than switched with <c>setns</c>, because <c>setns</c> moves only the calling thread and the
/// runtime's other threads (the thread pool that connects, resolves and retries) would stay
/// outside; a re-executed process is inside from its first instruction, for every socket any
/// library opens.
/// </summary>
internal static class LabRedirect
{
    /// <summary>Set in the re-executed process (the lab's name), so it does not redirect again.</summary>
    public const string InsideVariable = "UNDERSTUDY_LAB_INSIDE";

    /// <summary>Top-level commands that never redirect: they start or serve nodes, or do not talk to any.</summary>
    private static readonly HashSet<string> Local = ["up", "validate", "lab", "scenario", "guard", "agent", "example", "witness"];

    /// <summary>The command's exit code after running it inside the lab, or null to run it here.</summary>
    public static async Task<int?> TryRunInsideAsync(ParseResult parse, IReadOnlyList<string> args)
    {
        var command = parse.CommandResult.Command;
        var path = command.Parents.OfType<Command>().Append(command).Where(c => c is not RootCommand).Select(c => c.Name).ToList();
        if (path.Count == 0 || Local.Contains(path[0]) || path is ["node", "run"] || parse.Errors.Count > 0
            || Environment.GetEnvironmentVariable(InsideVariable) is not null || !Environment.IsPrivilegedProcess
            || command.Options.OfType<Option<string?>>().FirstOrDefault(o => o.Name == "--file") is not { } option
            || parse.GetValue(option) is not { } file)
        {
            return null;
        }

        var config = ClusterFileInput.Load(file, TextWriter.Null);
        if (config is null || LabState.Find(config.Name) is not { OwnerAlive: true } lab || lab.File != Path.GetFullPath(file))
        {
            return null;
        }

        var (self, prefix) = SelfCommand.Current();
        var start = new ProcessStartInfo("ip") { UseShellExecute = false };
        foreach (var argument in (string[])["netns", "exec", lab.Client.Namespace, self, .. prefix, .. args])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[InsideVariable] = lab.Name;
        using var process = Process.Start(start) ?? throw new LabException("could not start ip netns exec");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
