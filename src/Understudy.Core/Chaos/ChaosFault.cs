namespace Understudy.Core.Chaos;

/// <summary>One fault of a schedule.</summary>
/// <param name="At">When it starts, from the start of the faults.</param>
/// <param name="Kind">What it does.</param>
/// <param name="Target">Which node (none for <see cref="ChaosFaultKind.ClusterRestart"/>).</param>
/// <param name="NodeIndex">The node when <paramref name="Target"/> is <see cref="ChaosTarget.Node"/>.</param>
/// <param name="Duration">How long the node stays down or paused.</param>
/// <param name="ClockOffset">For a clock jump, how far the node's wall clock moves (either way).</param>
public sealed record ChaosFault(TimeSpan At, ChaosFaultKind Kind, ChaosTarget Target, int NodeIndex, TimeSpan Duration, TimeSpan ClockOffset)
{
    /// <summary>When the fault is over (the node started again or continued).</summary>
    public TimeSpan End => At + Duration;
}
