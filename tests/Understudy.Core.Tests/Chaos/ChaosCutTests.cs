using Understudy.Core.Chaos;

namespace Understudy.Core.Tests.Chaos;

public sealed class ChaosCutTests
{
    private static ChaosFault Fault(ChaosFaultKind kind) => new(TimeSpan.Zero, kind, ChaosTarget.Node, 0, TimeSpan.FromSeconds(1), TimeSpan.Zero);

    [Fact]
    public void Partition_NoCompanion_TargetAloneAgainstTheRest()
    {
        var cut = ChaosCut.Of(Fault(ChaosFaultKind.Partition), target: 3, nodes: 5);

        Assert.Equal([3], cut.From);
        Assert.Equal([4, 0, 1, 2], cut.To);
        Assert.False(cut.OneWay);
    }

    [Fact]
    public void Partition_OneCompanion_TheNextNodeJoinsTheMinority()
    {
        var cut = ChaosCut.Of(Fault(ChaosFaultKind.Partition) with { Companions = 1 }, target: 4, nodes: 5);

        Assert.Equal([4, 0], cut.From);
        Assert.Equal([1, 2, 3], cut.To);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void Partition_ManyCompanions_TargetSideStaysAMinority(int nodes)
    {
        var cut = ChaosCut.Of(Fault(ChaosFaultKind.Partition) with { Companions = 10 }, target: 0, nodes);

        Assert.True(cut.From.Length < cut.To.Length, $"{cut.From.Length} against {cut.To.Length}");
        Assert.Equal(nodes, cut.From.Length + cut.To.Length);
    }

    [Fact]
    public void OneWay_Outbound_TargetsSendsDropped()
    {
        var cut = ChaosCut.Of(Fault(ChaosFaultKind.OneWay), target: 1, nodes: 5);

        Assert.Equal([1], cut.From);
        Assert.Equal([2, 3, 4, 0], cut.To);
        Assert.True(cut.OneWay);
    }

    [Fact]
    public void OneWay_Inbound_WhatReachesTheTargetDropped()
    {
        var cut = ChaosCut.Of(Fault(ChaosFaultKind.OneWay) with { Inbound = true }, target: 1, nodes: 5);

        Assert.Equal([2, 3, 4, 0], cut.From);
        Assert.Equal([1], cut.To);
        Assert.True(cut.OneWay);
    }

    [Fact]
    public void Bridge_TargetInNeitherSide_OthersSplitInHalves()
    {
        var cut = ChaosCut.Of(Fault(ChaosFaultKind.Bridge), target: 2, nodes: 5);

        Assert.Equal([3, 4], cut.From);
        Assert.Equal([0, 1], cut.To);
        Assert.DoesNotContain(2, cut.From);
        Assert.DoesNotContain(2, cut.To);
        Assert.False(cut.OneWay);
    }

    [Theory]
    [InlineData(ChaosFaultKind.Kill)]
    [InlineData(ChaosFaultKind.Loss)]
    public void NotACut_Throws(ChaosFaultKind kind) =>
        Assert.Throws<ArgumentException>(() => ChaosCut.Of(Fault(kind), target: 0, nodes: 5));
}
