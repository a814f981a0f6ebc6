namespace Understudy.Core.Chaos;

/// <summary>The shape of a seeded fault schedule.</summary>
public sealed record ChaosScheduleOptions
{
    /// <summary>Nodes in the cluster. Default 5, as the issue asks.</summary>
    public int Nodes { get; init; } = 5;

    /// <summary>How long faults are injected. Default 30 s: six to ten faults.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Quiet time between one fault's end and the next one's start, chosen in [min, max). Default 0.5–3 s: some faults land while the cluster still recovers from the last.</summary>
    public TimeSpan MinGap { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>See <see cref="MinGap"/>.</summary>
    public TimeSpan MaxGap { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest pause or time down, chosen in [0.2 s, max). Default 5 s: past the lease (about 2 s) and Down detection, so both sides of every timeout are tried.</summary>
    public TimeSpan MaxOutage { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest wall-clock jump, either way. Default 1 h: far beyond any lease.</summary>
    public TimeSpan MaxClockJump { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Relative weights of <see cref="ChaosFaultKind"/> values, in enum order. Default
    /// <see cref="LoopbackWeights"/>.</summary>
    public IReadOnlyList<int> Weights { get; init; } = LoopbackWeights;

    /// <summary>Weights for nodes on loopback, where the network cannot be cut: kills and pauses
    /// most, a whole-cluster restart rarely (it costs an election and every workload), no network
    /// faults.</summary>
    public static IReadOnlyList<int> LoopbackWeights { get; } = [4, 4, 2, 1, 1, 0, 0, 0, 0, 1];

    /// <summary>Weights for nodes on separate hosts (the host lab): about half of the faults are of
    /// the network — partitions most, then one-way cuts, bridges and loss.</summary>
    public static IReadOnlyList<int> HostLabWeights { get; } = [3, 3, 1, 1, 1, 4, 2, 2, 2, 1];

    /// <summary>Largest share of a node's frames a <see cref="ChaosFaultKind.Loss"/> drops, chosen
    /// in [10, max]. Default 60 %: past what a heartbeat detector should ride out (a few %), short
    /// of a cut.</summary>
    public int MaxLossPercent { get; init; } = 60;
}
