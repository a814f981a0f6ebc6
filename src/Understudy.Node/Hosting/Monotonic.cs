namespace Understudy.Node.Hosting;

/// <summary>
/// The monotonic timeline that Core's detectors take as input: elapsed time since the node
/// started, read from the injected <see cref="TimeProvider"/> (never the wall clock, which can jump).
/// </summary>
public sealed class Monotonic(TimeProvider time)
{
    private readonly long _origin = time.GetTimestamp();

    /// <summary>The injected clock.</summary>
    public TimeProvider Time => time;

    /// <summary>Time since the node started.</summary>
    public TimeSpan Now => time.GetElapsedTime(_origin);
}
