namespace Understudy.Cli.Commands;

/// <summary>
/// <c>--wait</c>: polls the status until the goal holds on a database that includes the change,
/// printing each new "still missing" line to stderr (the progress display), as
/// <c>Move-ClusterGroup -Wait</c> and <c>pcs --wait</c> do.
/// </summary>
internal static class ChangeWait
{
    /// <summary>How often the status is read while waiting: fast enough that a script goes on
    /// within a quarter second of the change, slow enough to cost a node nothing.</summary>
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>Null when reached, else why not by the deadline; and the time waited.</summary>
    public static async Task<(string? Missing, TimeSpan Waited)> UntilAsync(
        IReadOnlyList<string> urls, ApiTrust trust, string? leader, long? version, WaitGoal goal, TimeSpan timeout, bool progress, CancellationToken cancel)
    {
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        // The leader first: it applied the change before it answered.
        IReadOnlyList<string> order = leader is null ? urls : [leader, .. urls.Where(u => u != leader)];
        using var client = new StatusClient(trust);
        string? missing = "no node answered";
        string? printed = null;
        while (true)
        {
            var status = await ClusterReader.FirstAsync(client, order, cancel);
            missing = status is null ? "no node answered"
                : version is { } v && status.Version < v ? $"{status.AnsweredBy} has not applied version {v} yet"
                : goal.Missing(status);
            if (missing is null)
            {
                return (null, time.GetElapsedTime(started));
            }

            if (progress && missing != printed)
            {
                Console.Error.WriteLine($"waiting for {goal.Description}: {missing}");
                printed = missing;
            }

            var left = timeout - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return (missing, time.GetElapsedTime(started));
            }

            await Task.Delay(left < PollEvery ? left : PollEvery, time, cancel);
        }
    }
}
