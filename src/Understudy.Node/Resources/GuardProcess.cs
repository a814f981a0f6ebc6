using System.Diagnostics;
using Understudy.Node.Native;

namespace Understudy.Node.Resources;

/// <summary>
/// One lease guard process of a resource (a process workload or a held address): started once,
/// stopped with SIGTERM and then SIGKILL, and watched, so that its exit when nobody asked for it
/// becomes the resource's failure.
/// </summary>
/// <param name="expired">The failure when the guard ended the run because the lease ran out.</param>
internal sealed class GuardProcess(string expired)
{
    private readonly TaskCompletionSource<string> _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Process? _guard;
    private volatile bool _stopping;

    /// <summary>Completes with the reason when the guard exits on its own.</summary>
    public Task<string> Failure => _failure.Task;

    /// <summary>Starts the guard; <paramref name="what"/> names the workload in errors.</summary>
    public void Start(ProcessStartInfo start, string what)
    {
        Process guard;
        try
        {
            // Start and stop exclude each other: a stop that comes first means no start at all,
            // so a run stopped while it was starting never leaves a guard nobody tracks.
            lock (_gate)
            {
                if (_stopping)
                {
                    throw new OperationCanceledException("stopped before it started");
                }

                _guard = guard = Process.Start(start) ?? throw new ResourceFailedException($"could not start {what}");
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            throw new ResourceFailedException($"could not start {what}: {e.Message}", e);
        }

        _ = WatchAsync(guard);
    }

    /// <summary>SIGTERM, then SIGKILL of the whole tree if it has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken token)
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

        Libc.Signal(guard.Id, Libc.SigTerm);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(grace);
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
            _failure.TrySetResult(code == LeaseGuard.LeaseExpiredExitCode ? expired : $"process exited with code {code}");
        }
    }
}
