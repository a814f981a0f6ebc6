namespace Understudy.Cli.Commands;

/// <summary>
/// A time source whose wall clock is moved by an offset while its monotonic clock (timestamps,
/// timers) is the real one: what a node sees when its host's clock jumps (NTP step, a wrong RTC),
/// for failure injection without touching the machine's clock. The offset may change while the
/// node runs (<see cref="WallClockFile"/>): a step of the clock under a running node.
/// </summary>
internal sealed class WallClockOffset(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    private long _offsetTicks = offset.Ticks;

    /// <summary>What is added to the real wall clock now.</summary>
    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _offsetTicks));
        set => Volatile.Write(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
