namespace Understudy.Core.Failover;

/// <summary>
/// When a role that failed over may move back to a more preferred owner. A window is a daily
/// range of UTC time of day, start inclusive and end exclusive; a start after the end wraps
/// midnight (<c>22:00-06:00</c>).
/// </summary>
/// <param name="Mode">Prevent, Immediate or Window.</param>
/// <param name="WindowStart">Start of the window (Window mode).</param>
/// <param name="WindowEnd">End of the window (Window mode).</param>
public sealed record FailbackPolicy(FailbackMode Mode, TimeSpan WindowStart, TimeSpan WindowEnd)
{
    /// <summary>Failback prevented: the WSFC default.</summary>
    public static FailbackPolicy Prevent { get; } = new(FailbackMode.Prevent, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Failback as soon as possible.</summary>
    public static FailbackPolicy Immediate { get; } = new(FailbackMode.Immediate, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Failback inside [start, end) of each UTC day.</summary>
    public static FailbackPolicy Window(TimeSpan start, TimeSpan end) => new(FailbackMode.Window, start, end);

    /// <summary>Whether a failback may happen at <paramref name="now"/>.</summary>
    public bool Allows(DateTimeOffset now)
    {
        switch (Mode)
        {
            case FailbackMode.Immediate:
                return true;
            case FailbackMode.Window:
                var time = now.UtcDateTime.TimeOfDay;
                return WindowStart <= WindowEnd
                    ? time >= WindowStart && time < WindowEnd
                    : time >= WindowStart || time < WindowEnd;
            default:
                return false;
        }
    }
}
