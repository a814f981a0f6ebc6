using Understudy.Core.Membership;

namespace Understudy.Core.Tests.Membership;

public sealed class IncarnationRuleTests
{
    [Fact]
    public void FirstStart_TheWallClock() => Assert.Equal(1_796_302_807_092, IncarnationRule.Next(1_796_302_807_092, null));

    [Fact]
    public void ClockAhead_TheWallClock() => Assert.Equal(2_000, IncarnationRule.Next(2_000, 1_000));

    [Fact]
    public void ClockSteppedBack_AboveTheLast() => Assert.Equal(1_001, IncarnationRule.Next(1_000 - 1_715_000, 1_000));

    [Fact]
    public void SameMillisecond_AboveTheLast() => Assert.Equal(1_001, IncarnationRule.Next(1_000, 1_000));

    [Fact]
    public void EveryStartHigher_WhateverTheClockDoes()
    {
        var random = new Random(7);
        long? last = null;
        for (var i = 0; i < 1_000; i++)
        {
            var next = IncarnationRule.Next(1_000_000 + random.Next(-500_000, 500_000), last);
            Assert.True(last is null || next > last, $"{next} after {last}");
            last = next;
        }
    }
}
