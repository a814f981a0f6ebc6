using Understudy.Core.Chaos;

namespace Understudy.Core.Tests.Chaos;

public sealed class ChaosScheduleTests
{
    private static readonly ChaosScheduleOptions Options = new();

    [Fact]
    public void Create_SameSeed_SameFaults() =>
        Assert.Equal(ChaosSchedule.Create(42, Options), ChaosSchedule.Create(42, Options));

    [Fact]
    public void Create_OtherSeed_OtherFaults() =>
        Assert.NotEqual(ChaosSchedule.Create(1, Options), ChaosSchedule.Create(2, Options));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(200)]
    public void Create_FaultsFollowOneAnotherWithAGapAndEndWithinTheDuration(int seed)
    {
        var faults = ChaosSchedule.Create(seed, Options);

        Assert.NotEmpty(faults);
        Assert.True(faults[0].At >= Options.MinGap);
        Assert.True(faults[^1].End <= Options.Duration);
        for (var i = 1; i < faults.Count; i++)
        {
            Assert.InRange(faults[i].At - faults[i - 1].End, Options.MinGap, Options.MaxGap);
        }

        Assert.All(faults, f => Assert.InRange(f.NodeIndex, 0, Options.Nodes - 1));
        Assert.All(faults, f => Assert.True(f.Duration <= Options.MaxOutage));
    }

    [Fact]
    public void Create_OnlyClockFaultsMoveTheClockAndRestartsTakeNoTime()
    {
        var faults = Enumerable.Range(1, 50).SelectMany(s => ChaosSchedule.Create(s, Options)).ToList();

        Assert.All(faults.Where(f => f.Kind is not (ChaosFaultKind.ClockJump or ChaosFaultKind.ClockStep)), f => Assert.Equal(TimeSpan.Zero, f.ClockOffset));
        Assert.All(faults.Where(f => f.Kind is ChaosFaultKind.ClockJump or ChaosFaultKind.ClockStep), f => Assert.InRange(Math.Abs(f.ClockOffset.TotalSeconds), 1, 3600));
        Assert.All(faults.Where(f => f.Kind == ChaosFaultKind.Restart), f => Assert.Equal(TimeSpan.Zero, f.Duration));
        Assert.Equal(Enum.GetValues<ChaosFaultKind>().Where(k => !new ChaosFault(default, k, default, 0, default, default).IsNetwork).Order(), faults.Select(f => f.Kind).Distinct().Order());
    }

    [Fact]
    public void Create_LoopbackWeights_NoNetworkFaults()
    {
        var faults = Enumerable.Range(1, 50).SelectMany(s => ChaosSchedule.Create(s, Options)).ToList();

        Assert.DoesNotContain(faults, f => f.IsNetwork);
        Assert.Contains(faults, f => f.Kind == ChaosFaultKind.ClockStep);
    }

    [Fact]
    public void Create_HostLabWeights_EveryKindWithItsDetail()
    {
        var options = Options with { Weights = ChaosScheduleOptions.HostLabWeights };

        var faults = Enumerable.Range(1, 100).SelectMany(s => ChaosSchedule.Create(s, options)).ToList();

        Assert.Equal(Enum.GetValues<ChaosFaultKind>().Order(), faults.Select(f => f.Kind).Distinct().Order());
        Assert.All(faults.Where(f => f.Kind == ChaosFaultKind.Loss), f => Assert.InRange(f.LossPercent, 10, options.MaxLossPercent));
        Assert.All(faults.Where(f => f.Kind != ChaosFaultKind.Loss), f => Assert.Equal(0, f.LossPercent));
        Assert.All(faults.Where(f => f.Kind == ChaosFaultKind.Partition), f => Assert.InRange(f.Companions, 0, 1));
        Assert.Contains(faults, f => f.Kind == ChaosFaultKind.Partition && f.Companions == 1);
        Assert.Contains(faults, f => f.Kind == ChaosFaultKind.OneWay && f.Inbound);
        Assert.Contains(faults, f => f.Kind == ChaosFaultKind.OneWay && !f.Inbound);
    }
}
