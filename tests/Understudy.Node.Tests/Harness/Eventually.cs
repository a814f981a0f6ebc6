using System.Diagnostics;

namespace Understudy.Node.Tests.Harness;

/// <summary>Waits on a condition with a generous deadline; never a fixed sleep.</summary>
internal static class Eventually
{
    /// <summary>Default deadline: generous, because CI is a busy 2-core machine.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, Func<T, bool> condition, string what, TimeSpan? deadline = null)
        where T : class
    {
        var limit = deadline ?? Deadline;
        var clock = Stopwatch.StartNew();
        T? last = null;
        while (clock.Elapsed < limit)
        {
            last = await probe();
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for {what}. Last seen: {Describe(last)}");
    }

    private static string Describe(object? value) =>
        value is null ? "(nothing)" : System.Text.Json.JsonSerializer.Serialize(value, Understudy.Node.Api.StatusJson.Options);
}
