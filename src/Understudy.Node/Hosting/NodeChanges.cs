namespace Understudy.Node.Hosting;

/// <summary>
/// The node's one wake-up signal: raised when something a loop decides on has changed — a
/// command applied to the database, a leadership change, the lease gained or lost, a role run
/// online, failed or stopped, a silent peer heard again — so that loops sleep until then (or
/// until a deadline of their own) instead of polling on a short fixed period (issue 17: an idle
/// node's cost was its wake-ups).
/// </summary>
/// <remarks>
/// A version counter, not an auto-reset event, so that any number of loops can wait on it
/// without one consuming another's wake-up: each loop keeps the version it last saw and
/// <see cref="WaitAsync"/> returns at once when a raise happened since.
/// <code>
/// var seen = changes.Version;
/// while (...) { var pass = time.GetTimestamp(); Pass(); seen = await changes.NextPassAsync(seen, pass, deadline, token); }
/// </code>
/// A raise that happens after a pass read the state is after the version the wait starts from,
/// so it is never missed; one before it is in the state the pass read.
/// </remarks>
public sealed class NodeChanges(TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _version;
    private TaskCompletionSource _next = NewSource();

    /// <summary>
    /// The least time between two passes of a loop (5 ms, <see cref="NextPassAsync"/>), so that a
    /// burst of raises — a batch of commits — costs a pass per burst, not one per raise.
    /// </summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(5);

    /// <summary>The number of raises so far.</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>Wakes every waiting loop (continuations run on the thread pool, never here).</summary>
    public void Raise()
    {
        TaskCompletionSource raised;
        lock (_gate)
        {
            _version++;
            raised = _next;
            _next = NewSource();
        }

        raised.TrySetResult();
    }

    /// <summary>
    /// Waits until a raise after <paramref name="seen"/>, <paramref name="timeout"/>, or
    /// <paramref name="token"/>, whichever is first; returns the version then. Never throws.
    /// </summary>
    public async Task<long> WaitAsync(long seen, TimeSpan timeout, CancellationToken token)
    {
        Task raised;
        lock (_gate)
        {
            if (_version != seen)
            {
                return _version;
            }

            raised = _next.Task;
        }

        if (timeout > TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan)
        {
            await raised.WaitAsync(timeout, time, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return Version;
    }

    /// <summary>
    /// <see cref="WaitAsync"/>, then, if that was sooner than <paramref name="gap"/> (default
    /// <see cref="MinimumGap"/>) after <paramref name="passStarted"/> (a timestamp of the node's
    /// time provider), waits out the rest; returns the version the wait ended on, so a raise
    /// during the rest ends the next wait at once. Never throws.
    /// </summary>
    public async Task<long> NextPassAsync(long seen, long passStarted, TimeSpan timeout, CancellationToken token, TimeSpan? gap = null)
    {
        var version = await WaitAsync(seen, timeout, token);
        if ((gap ?? MinimumGap) - time.GetElapsedTime(passStarted) is { Ticks: > 0 } rest && !token.IsCancellationRequested)
        {
            await Task.Delay(rest, time, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return version;
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
