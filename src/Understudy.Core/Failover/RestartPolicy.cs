namespace Understudy.Core.Failover;

/// <summary>
/// How often a failed role is restarted in place before it fails over: at most
/// <see cref="MaxRestarts"/> restarts within any <see cref="Window"/> (WSFC: 3 in 15 minutes).
/// </summary>
/// <param name="MaxRestarts">Restarts allowed in the window; 0 fails over at the first failure.</param>
/// <param name="Window">Sliding window the restarts are counted in.</param>
public sealed record RestartPolicy(int MaxRestarts, TimeSpan Window)
{
    /// <summary>3 restarts within 15 minutes, as WSFC.</summary>
    public static RestartPolicy Default { get; } = new(3, TimeSpan.FromMinutes(15));

    /// <summary>Whether one more restart is allowed at <paramref name="now"/>, given earlier restarts.
    /// A restart exactly <see cref="Window"/> ago has left the window.</summary>
    public bool AllowsRestart(IEnumerable<DateTimeOffset> restarts, DateTimeOffset now) =>
        restarts.Count(t => now - t < Window) < MaxRestarts;
}
