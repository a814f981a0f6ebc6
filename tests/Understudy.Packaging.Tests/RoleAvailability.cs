using System.Diagnostics;
using System.Globalization;

namespace Understudy.Packaging.Tests;

/// <summary>The deploy test's client asking a role's service every 200 ms until stopped, and how
/// long the service did not answer (the answers of the example kv service's <c>/healthz</c> begin
/// <c>ok node=</c>).</summary>
internal sealed class RoleAvailability : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TimeSpan At, bool Answered, string Wall)> _asked = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Task _loop = Task.CompletedTask;

    /// <summary>Starts asking; <paramref name="ask"/> gives the service's answer, or "" when there was none.</summary>
    public static RoleAvailability Start(Func<Task<string>> ask)
    {
        var probe = new RoleAvailability();
        probe._loop = probe.LoopAsync(ask);
        return probe;
    }

    /// <summary>Stops asking; fails unless the role answered every time, or (with a
    /// <paramref name="gap"/>) was silent for at most that long, from its last answer before the
    /// first miss to its first answer after the last, and answered again. Returns that silence, or
    /// null when there was none.</summary>
    public async Task<TimeSpan?> AssertAnsweredAsync(string when, TimeSpan gap)
    {
        await StopAsync();
        var missed = _asked.Where(a => !a.Answered).ToList();
        Assert.True(_asked.Any(a => a.Answered), $"the client never reached the role {when}");
        if (missed.Count == 0)
        {
            return null;
        }

        var what = $"the role did not answer {when}, {missed.Count} of {_asked.Count} times, from {missed[0].Wall} to {missed[^1].Wall} UTC";
        Assert.True(gap > TimeSpan.Zero, what);
        var before = _asked.LastOrDefault(a => a.Answered && a.At < missed[0].At).At;
        var after = _asked.FirstOrDefault(a => a.Answered && a.At > missed[^1].At);
        Assert.True(after.Answered, $"{what}, and never again");
        var silent = after.At - before;
        Assert.True(silent <= gap, $"{what}: silent {silent.TotalSeconds:F1} s, longer than {gap}");
        return silent;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _loop;
    }

    private async Task LoopAsync(Func<Task<string>> ask)
    {
        while (!_stop.IsCancellationRequested)
        {
            var answer = await ask();
            _asked.Add((_clock.Elapsed, answer.StartsWith("ok node=", StringComparison.Ordinal), DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)));
            try
            {
                await Task.Delay(200, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
