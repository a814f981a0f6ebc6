namespace Understudy.Cli.Commands;

/// <summary>
/// A time source whose wall clock is moved by a fixed offset while its monotonic clock (timestamps,
/// timers) is the real one: what a node sees when its host's clock jumps (NTP step, a wrong RTC),
/// for failure injection without touching the machine's clock.
/// </summary>
internal sealed class WallClockOffset(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
