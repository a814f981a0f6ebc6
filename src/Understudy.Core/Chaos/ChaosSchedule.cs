namespace Understudy.Core.Chaos;

/// <summary>
/// A fault schedule from a seed: the same seed and options give the same faults, so a failing
/// run can be replayed. Faults follow one another (one ends before the next starts, after a gap);
/// which node a fault hits may be resolved at run time (<see cref="ChaosTarget.Owner"/>,
/// <see cref="ChaosTarget.Leader"/>).
/// </summary>
public static class ChaosSchedule
{
    private static readonly TimeSpan MinOutage = TimeSpan.FromMilliseconds(200);
    private const int MinLossPercent = 10;

    /// <summary>The faults for <paramref name="seed"/>, in time order, each ending within the duration.</summary>
    public static IReadOnlyList<ChaosFault> Create(int seed, ChaosScheduleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kinds = Enum.GetValues<ChaosFaultKind>();
        if (options.Weights.Count != kinds.Length || options.Weights.Any(w => w < 0) || options.Weights.Sum() == 0)
        {
            throw new ArgumentException($"weights: need {kinds.Length} non-negative numbers, not all 0", nameof(options));
        }

        // System.Random with a seed is the same sequence on every platform and .NET version.
        var random = new Random(seed);
        var faults = new List<ChaosFault>();
        var at = Between(random, options.MinGap, options.MaxGap);
        while (true)
        {
            var kind = Pick(random, kinds, options.Weights);
            var duration = kind == ChaosFaultKind.Restart ? TimeSpan.Zero : Between(random, MinOutage, options.MaxOutage);
            var target = kind == ChaosFaultKind.ClusterRestart ? ChaosTarget.Node : (ChaosTarget)random.Next(3);
            var index = random.Next(options.Nodes);
            var jump = kind is ChaosFaultKind.ClockJump or ChaosFaultKind.ClockStep
                ? Between(random, TimeSpan.FromSeconds(1), options.MaxClockJump) * (random.Next(2) == 0 ? -1 : 1)
                : TimeSpan.Zero;
            var fault = new ChaosFault(at, kind, target, index, duration, jump);
            fault = kind switch
            {
                // Drawn only for these kinds, so a schedule without them is the same as it was.
                ChaosFaultKind.Partition => fault with { Companions = random.Next(2) },
                ChaosFaultKind.OneWay => fault with { Inbound = random.Next(2) == 1 },
                ChaosFaultKind.Loss => fault with { LossPercent = random.Next(MinLossPercent, Math.Max(MinLossPercent, options.MaxLossPercent) + 1) },
                _ => fault,
            };
            if (fault.End > options.Duration)
            {
                return faults;
            }

            faults.Add(fault);
            at = fault.End + Between(random, options.MinGap, options.MaxGap);
        }
    }

    private static TimeSpan Between(Random random, TimeSpan min, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Round(min.TotalMilliseconds + (random.NextDouble() * (max - min).TotalMilliseconds)));

    private static ChaosFaultKind Pick(Random random, ChaosFaultKind[] kinds, IReadOnlyList<int> weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < kinds.Length; i++)
        {
            if (roll < weights[i])
            {
                return kinds[i];
            }

            roll -= weights[i];
        }

        return kinds[^1];
    }
}
