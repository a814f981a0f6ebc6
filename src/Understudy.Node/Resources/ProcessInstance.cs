using System.Diagnostics;
using System.Globalization;
using Understudy.Core.Failover;

namespace Understudy.Node.Resources;

/// <summary>
/// One run of a process resource under the lease guard (<see cref="GuardCommandLine"/>), with the role's
/// fencing token, name and node in the environment. Output goes to
/// <c>DATA/roles/ROLE/NAME.log</c>.
/// </summary>
internal sealed class ProcessInstance(string name, ProcessSpec spec, RoleContext context) : IResourceInstance
{
    private readonly TaskCompletionSource<string> _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Process? _guard;
    private volatile bool _stopping;

    public Task<string> Failure => _failure.Task;

    /// <summary>The node's own binary, which also runs guards and the example service.</summary>
    public static string SelfPath => Environment.ProcessPath ?? "understudy";

    public Task StartAsync(CancellationToken token)
    {
        var command = GuardCommandLine.Wrap(
            context.LeaseFile,
            Path.Combine(context.RoleDirectory, name + ".log"),
            spec.StopSignal,
            spec.StopTimeout,
            [spec.Command == "understudy" ? SelfPath : spec.Command, .. spec.Arguments],
            new Vms.AgentLauncher(SelfPath, []));
        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? context.RoleDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
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
            Directory.CreateDirectory(start.WorkingDirectory);

            // Start and stop exclude each other: a stop that comes first means no start at all,
            // so a run stopped while it was starting never leaves a guard nobody tracks.
            lock (_gate)
            {
                if (_stopping)
                {
                    throw new OperationCanceledException("stopped before it started");
                }

                _guard = Process.Start(start) ?? throw new ResourceFailedException($"could not start {spec.Command}");
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            throw new ResourceFailedException($"could not start {spec.Command}: {e.Message}", e);
        }

        _ = WatchAsync(_guard);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken token)
    {
        Process? started;
        lock (_gate)
        {
            _stopping = true;
            started = _guard;
        }

        if (started is not { } guard || guard.HasExited)
        {
            return;
        }

        PosixProcess.Signal(guard.Id, 15);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(spec.StopTimeout + TimeSpan.FromSeconds(2));
        try
        {
            await guard.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            guard.Kill(entireProcessTree: true);
            await guard.WaitForExitAsync(CancellationToken.None);
        }
    }

    private async Task WatchAsync(Process guard)
    {
        await guard.WaitForExitAsync();
        var code = guard.ExitCode;
        if (!_stopping)
        {
            _failure.TrySetResult(code == Understudy.Node.Resources.LeaseGuard.LeaseExpiredExitCode
                ? "lease expired; the guard killed it"
                : $"process exited with code {code}");
        }
    }
}
