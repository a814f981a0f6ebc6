namespace Understudy.Node.Vms;

/// <summary><c>while (await Ticks.NextAsync(timer, token))</c>: false once cancelled, never throws for it.</summary>
internal static class Ticks
{
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
