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

    /// <summary>Relative weights of <see cref="ChaosFaultKind"/> values, in enum order. Default: kills and pauses most, a whole-cluster restart rarely (it costs an election and every workload).</summary>
    public IReadOnlyList<int> Weights { get; init; } = [4, 4, 2, 1, 1];
}
