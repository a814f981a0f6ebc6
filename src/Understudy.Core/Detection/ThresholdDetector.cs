namespace Understudy.Core.Detection;

/// <summary>
/// Declares a peer dead after <see cref="HeartbeatOptions.Threshold"/> missed beats of
/// <see cref="HeartbeatOptions.Interval"/>, as WSFC (SameSubnetThreshold x SameSubnetDelay)
/// and Windows NLB do: alive while the silence is at most interval x threshold, dead strictly after.
/// </summary>
public sealed class ThresholdDetector : IFailureDetector
{
    private readonly TimeSpan _interval;
    private readonly TimeSpan _window;

    /// <summary>Creates a detector with the interval and threshold of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval or threshold is not positive.</exception>
    public ThresholdDetector(HeartbeatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Interval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threshold, 1, nameof(options));
        _interval = options.Interval;
        _window = options.ThresholdWindow;
    }

    /// <inheritdoc />
    public TimeSpan? LastArrival { get; private set; }

    /// <inheritdoc />
    public void RecordHeartbeat(TimeSpan arrival)
    {
        if (LastArrival is { } last && arrival < last)
        {
            return;
        }

        LastArrival = arrival;
    }

    /// <inheritdoc />
    public TimeSpan? AliveUntil => LastArrival + _window;

    /// <inheritdoc />
    public Liveness Evaluate(TimeSpan now) => LastArrival switch
    {
        null => Liveness.NeverHeard,
        { } last when now - last <= _window => Liveness.Alive,
        _ => Liveness.Dead,
    };

    /// <inheritdoc />
    public double Suspicion(TimeSpan now) =>
        LastArrival is { } last ? Math.Max(0, (now - last) / _interval) : 0;

    /// <inheritdoc />
    public void Reset() => LastArrival = null;
}
