using Understudy.Core.Membership;

namespace Understudy.Core.Tests.Membership;

public sealed class ObserverQuorumTests
{
    [Theory]
    [InlineData(4, 8, false)] // exactly half: not enough
    [InlineData(5, 8, true)] // one past half
    [InlineData(1, 2, false)]
    [InlineData(2, 2, true)]
    [InlineData(1, 1, true)] // a cluster of two: the one observer decides, as today
    [InlineData(0, 1, false)]
    [InlineData(0, 0, false)] // nobody watches: no verdict
    public void IsDown_AtAndPastHalf(int dead, int observers, bool down) =>
        Assert.Equal(down, ObserverQuorum.IsDown(dead, observers));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(8, 5)]
    [InlineData(9, 5)]
    public void Needed_IsTheSmallestCountThatIsDown(int observers, int needed)
    {
        Assert.Equal(needed, ObserverQuorum.Needed(observers));
        Assert.True(ObserverQuorum.IsDown(needed, observers));
        Assert.False(ObserverQuorum.IsDown(needed - 1, observers));
    }
}
