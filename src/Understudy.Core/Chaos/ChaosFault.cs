namespace Understudy.Core.Chaos;

/// <summary>One fault of a schedule.</summary>
/// <param name="At">When it starts, from the start of the faults.</param>
/// <param name="Kind">What it does.</param>
/// <param name="Target">Which node (none for <see cref="ChaosFaultKind.ClusterRestart"/>).</param>
/// <param name="NodeIndex">The node when <paramref name="Target"/> is <see cref="ChaosTarget.Node"/>.</param>
/// <param name="Duration">How long the node stays down or paused.</param>
/// <param name="ClockOffset">For a clock jump or step, how far the node's wall clock moves (either way).</param>
public sealed record ChaosFault(TimeSpan At, ChaosFaultKind Kind, ChaosTarget Target, int NodeIndex, TimeSpan Duration, TimeSpan ClockOffset)
{
    /// <summary>When the fault is over (the node started again or continued).</summary>
    public TimeSpan End => At + Duration;

    /// <summary>For a <see cref="ChaosFaultKind.Partition"/>, how many more nodes share the
    /// target's side (0 or 1 of five: a minority of one or two).</summary>
    public int Companions { get; init; }

    /// <summary>For a <see cref="ChaosFaultKind.OneWay"/>, true when what reaches the target is
    /// dropped, false when what it sends is.</summary>
    public bool Inbound { get; init; }

    /// <summary>For a <see cref="ChaosFaultKind.Loss"/>, the share of frames dropped.</summary>
    public int LossPercent { get; init; }

    /// <summary>True for the faults of the network between the nodes, which need the host lab.</summary>
    public bool IsNetwork => Kind is ChaosFaultKind.Partition or ChaosFaultKind.OneWay or ChaosFaultKind.Bridge or ChaosFaultKind.Loss;
}
