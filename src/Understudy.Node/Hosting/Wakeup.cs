namespace Understudy.Node.Hosting;

/// <summary>
/// A level-triggered wake-up for a loop that also ticks: <see cref="Set"/> from any thread (an
/// event handler: a commit applied), <see cref="Task"/> completes until the loop calls
/// <see cref="Reset"/> at the start of its next round. Sets between a reset and the next wait are
/// kept, so a loop never sleeps through a change that arrived while it was deciding.
/// </summary>
internal sealed class Wakeup
{
    private TaskCompletionSource _signal = New();

    /// <summary>Completes once <see cref="Set"/> has been called since the last <see cref="Reset"/>.</summary>
    public Task Task => Volatile.Read(ref _signal).Task;

    /// <summary>Wakes the loop (or keeps it awake for its next wait). Cheap; never blocks.</summary>
    public void Set() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>Re-arms after a wake-up: call before reading the state the round acts on.</summary>
    public void Reset()
    {
        var current = Volatile.Read(ref _signal);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _signal, New(), current);
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
