using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace Understudy.Node.Hosting;

/// <summary>
/// Stops the node when the process that launched it (<c>understudy up</c>, a test) is gone, so a
/// killed launcher never leaves orphan nodes holding ports.
/// </summary>
internal sealed class ParentWatch(int parentProcessId, IHostApplicationLifetime lifetime, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, time);
        while (await Ticks.NextAsync(timer, stoppingToken))
        {
            if (!IsAlive(parentProcessId))
            {
                lifetime.StopApplication();
                return;
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
