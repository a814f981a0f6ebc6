namespace Understudy.Core.Detection;

/// <summary>
/// The phi-accrual failure detector of Hayashibara, Défago, Yared and Katayama, "The phi accrual
/// failure detector" (SRDS 2004), as Akka's <c>PhiAccrualFailureDetector</c>: phi is
/// -log10 of the probability that a heartbeat still arrives after the current silence, assuming
/// normally distributed intervals estimated from the last <see cref="HeartbeatOptions.PhiWindowSize"/>
/// intervals. The peer is dead when phi exceeds <see cref="HeartbeatOptions.PhiThreshold"/>.
/// </summary>
public sealed class PhiAccrualDetector : IFailureDetector
{
    private readonly HeartbeatOptions _options;
    private readonly IntervalHistory _history;

    /// <summary>Creates a detector with the phi settings of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting would make the estimate meaningless.</exception>
    public PhiAccrualDetector(HeartbeatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Interval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PhiMinStdDeviation, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PhiAcceptablePause, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PhiWindowSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PhiThreshold, 0, nameof(options));
        _options = options;
        _history = new IntervalHistory(options.PhiWindowSize);
    }

    /// <inheritdoc />
    public TimeSpan? LastArrival { get; private set; }

    /// <inheritdoc />
    public void RecordHeartbeat(TimeSpan arrival)
    {
        if (LastArrival is { } last)
        {
            if (arrival < last)
            {
                return;
            }

            _history.Add((arrival - last).TotalMilliseconds);
        }
        else
        {
            // Akka's firstHeartbeat: with one arrival there is no interval yet, so the history is
            // seeded with the expected interval as two samples, mean - sd and mean + sd, where
            // sd = mean / 4. That gives mean = Interval and deviation = Interval / 4 until real
            // intervals push the seeds out of the window.
            var mean = _options.Interval.TotalMilliseconds;
            var deviation = mean / 4;
            _history.Add(mean - deviation);
            _history.Add(mean + deviation);
        }

        LastArrival = arrival;
    }

    /// <inheritdoc />
    public Liveness Evaluate(TimeSpan now)
    {
        if (LastArrival is null)
        {
            return Liveness.NeverHeard;
        }

        return Suspicion(now) > _options.PhiThreshold ? Liveness.Dead : Liveness.Alive;
    }

    /// <summary>The phi value at <paramref name="now"/>; 0 before the first heartbeat.</summary>
    public double Suspicion(TimeSpan now)
    {
        if (LastArrival is not { } last)
        {
            return 0;
        }

        var (mean, deviation) = Distribution();
        return Phi(now - last, mean, deviation);
    }

    // As Akka: the acceptable pause widens the mean (tolerates GC and scheduler stalls) and
    // the floor on the deviation keeps a very regular sender from being killed by one late beat.
    private (double Mean, double Deviation) Distribution() =>
        (_history.Mean + _options.PhiAcceptablePause.TotalMilliseconds,
         Math.Max(_history.StdDeviation, _options.PhiMinStdDeviation.TotalMilliseconds));

    /// <inheritdoc />
    /// <remarks>
    /// Phi grows with the silence, so the longest silence whose phi is at most the threshold is
    /// found by bisection, to under a tenth of a millisecond, and rounded down.
    /// </remarks>
    public TimeSpan? AliveUntil
    {
        get
        {
            if (LastArrival is not { } last)
            {
                return null;
            }

            var (mean, deviation) = Distribution();
            var alive = 0.0;
            var dead = mean + (40 * deviation); // phi is +infinity well before 40 deviations
            while (dead - alive > 0.1)
            {
                var middle = (alive + dead) / 2;
                if (Phi(TimeSpan.FromMilliseconds(middle), mean, deviation) > _options.PhiThreshold)
                {
                    dead = middle;
                }
                else
                {
                    alive = middle;
                }
            }

            return last + TimeSpan.FromMilliseconds(Math.Floor(alive));
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
        LastArrival = null;
        _history.Clear();
    }

    /// <summary>
    /// Phi for a silence of <paramref name="sinceLast"/> given the interval distribution:
    /// -log10(1 - F(sinceLast)) where F is the normal CDF, approximated as Akka does with the
    /// logistic function 1 / (1 + e^(-y (1.5976 + 0.070566 y^2))), y = (t - mean) / sd
    /// (Bowling et al., "A logistic approximation to the cumulative normal distribution", 2009).
    /// </summary>
    /// <remarks>The two branches are algebraically equal; each is the numerically stable one on
    /// its side of the mean. Past about 30 deviations e underflows and phi is +infinity (dead).</remarks>
    internal static double Phi(TimeSpan sinceLast, double meanMs, double stdDevMs)
    {
        var t = sinceLast.TotalMilliseconds;
        var y = (t - meanMs) / stdDevMs;
        var e = Math.Exp(-y * (1.5976 + (0.070566 * y * y)));
        return t > meanMs
            ? -Math.Log10(e / (1.0 + e))
            : -Math.Log10(1.0 - (1.0 / (1.0 + e)));
    }
}
