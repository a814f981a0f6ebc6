namespace Understudy.Core.Detection;

/// <summary>
/// Heartbeat and failure-detector settings of a cluster (the <c>heartbeat:</c> section of the cluster file).
/// </summary>
/// <remarks>
/// Defaults: every 250 ms, down after 4 missed beats (1 s of silence). WSFC waits 10 s
/// (1 s x 10), Windows NLB 5 s (1 s x 5), Corosync 3.65 s for three nodes. Loopback and LAN
/// UDP deliver a heartbeat in well under a millisecond with rare scheduler stalls of 2-16 ms on
/// a busy 2-core machine (docs/benchmarks.md), so a 1 s window is more than 60 times the worst
/// stall seen while still detecting a dead node within about a second.
/// </remarks>
public sealed record HeartbeatOptions
{
    /// <summary>Time between two heartbeats a node sends to each peer. Default 250 ms.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Missed beats before a peer is down (threshold mode). Default 4.</summary>
    public int Threshold { get; init; } = 4;

    /// <summary>Which detector turns arrivals into verdicts. Default <see cref="DetectorMode.Threshold"/>.</summary>
    public DetectorMode Detector { get; init; } = DetectorMode.Threshold;

    /// <summary>Phi above which a peer is down (phi mode). Default 8, as Akka: about one false
    /// verdict in 10^8 intervals if arrivals are normally distributed.</summary>
    public double PhiThreshold { get; init; } = 8.0;

    /// <summary>Lower bound of the standard deviation used by phi mode, so that a perfectly
    /// regular sender is not declared down by a single late beat. Default 100 ms.</summary>
    public TimeSpan PhiMinStdDeviation { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Silence that phi mode tolerates on top of the mean interval (GC pauses, scheduler
    /// stalls). Default 500 ms.</summary>
    public TimeSpan PhiAcceptablePause { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many past intervals phi mode keeps to estimate mean and deviation. Default 100.</summary>
    public int PhiWindowSize { get; init; } = 100;

    /// <summary>Silence after which threshold mode declares a peer down: interval x threshold.</summary>
    public TimeSpan ThresholdWindow => Interval * Threshold;

    /// <summary>Defaults for a LAN or loopback cluster.</summary>
    public static HeartbeatOptions Lan { get; } = new();
}
