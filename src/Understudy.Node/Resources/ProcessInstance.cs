using System.Diagnostics;
using System.Globalization;
using Understudy.Core.Failover;

namespace Understudy.Node.Resources;

/// <summary>
/// One run of a process resource under the lease guard (<see cref="GuardCommandLine"/>), with the role's
/// fencing token, name and node in the environment. Output goes to
/// <c>DATA/roles/ROLE/NAME.log</c>.
/// </summary>
internal sealed class ProcessInstance(string name, ProcessSpec spec, RoleContext context, WorkloadAccounts accounts) : IResourceInstance
{
    private readonly GuardProcess _guard = new("lease expired; the guard killed it");

    public Task<string> Failure => _guard.Failure;

    /// <summary>The node's own binary, which also runs guards and the example service.</summary>
    public static string SelfPath => Environment.ProcessPath ?? "understudy";

    public Task StartAsync(CancellationToken token)
    {
        // user: another account runs the workload; the guard stays the node's, to kill it.
        Native.UserAccount? account = null;
        if (spec.User is { } user)
        {
            var (found, problem) = accounts.Resolve(user);
            account = found ?? throw new ResourceFailedException(problem!);
        }

        var switching = account is not null && account.Uid != Native.Libc.EffectiveUserId();
        var command = GuardCommandLine.Wrap(
            context.LeaseFile,
            Path.Combine(context.RoleDirectory, name + ".log"),
            spec.StopSignal,
            spec.StopTimeout,
            [spec.Command == "understudy" ? SelfPath : spec.Command, .. spec.Arguments],
            new Vms.AgentLauncher(SelfPath, []),
            switching ? account!.Name : null);

        // Another account cannot enter the node's data directory: it starts in its home (or /).
        var workingDirectory = spec.WorkingDirectory
            ?? (switching ? (Directory.Exists(account!.Home) ? account.Home : "/") : context.RoleDirectory);
        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        if (switching)
        {
            start.Environment["HOME"] = account!.Home;
            start.Environment["USER"] = account.Name;
            start.Environment["LOGNAME"] = account.Name;
        }

        foreach (var (key, value) in spec.Environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["UNDERSTUDY_FENCING_TOKEN"] = context.Token.ToString(CultureInfo.InvariantCulture);
        start.Environment["UNDERSTUDY_ROLE"] = context.Role;
        start.Environment["UNDERSTUDY_NODE"] = context.Node;
        try
        {
            if (!switching || spec.WorkingDirectory is not null)
            {
                Directory.CreateDirectory(start.WorkingDirectory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResourceFailedException($"could not start {spec.Command}: {e.Message}", e);
        }

        _guard.Start(start, spec.Command);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken token) => _guard.StopAsync(spec.StopTimeout + TimeSpan.FromSeconds(2), token);
}
