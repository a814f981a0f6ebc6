namespace Understudy.Node.Hosting;

/// <summary>The shape of every loop here: <c>while (await Ticks.NextAsync(timer, token))</c>.</summary>
public static class Ticks
{
    /// <summary>Waits for the next tick; false when the timer is disposed or <paramref name="token"/> fires.</summary>
    public static async ValueTask<bool> NextAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
