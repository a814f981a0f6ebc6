using System.Collections.Immutable;
using System.Diagnostics;
using Understudy.Core.Vms;

namespace Understudy.Node.Vms.Agent;

/// <summary>Runs each monitored service's check with <c>sh -c</c> inside the guest; exit 0 = running.
/// A check that outlives its time limit is killed and counts as failed.</summary>
internal sealed class ServiceChecker(IReadOnlyList<GuestAgentService> services, string workingDirectory, TimeProvider time)
{
    public async Task<ImmutableArray<ServiceStatus>> CheckAllAsync(TimeSpan limit, CancellationToken token)
    {
        var results = ImmutableArray.CreateBuilder<ServiceStatus>(services.Count);
        foreach (var service in services)
        {
            var ok = await RunAsync(service.Check, limit, token);
            results.Add(new ServiceStatus(service.Name, ok ? ServiceState.Running : ServiceState.Failed));
        }

        return results.MoveToImmutable();
    }

    private async Task<bool> RunAsync(string check, TimeSpan limit, CancellationToken token)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(check);
        GuestPath.Apply(start);
        using var process = System.Diagnostics.Process.Start(start);
        if (process is null)
        {
            return false;
        }

        using var timeout = new CancellationTokenSource(limit, time);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
        try
        {
            var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(both.Token), process.StandardError.ReadToEndAsync(both.Token));
            await process.WaitForExitAsync(both.Token);
            await drain;
            return process.ExitCode == 0;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
    }
}
