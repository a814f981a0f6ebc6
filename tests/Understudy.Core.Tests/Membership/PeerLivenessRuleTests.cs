using Understudy.Core.Detection;
using Understudy.Core.Membership;

namespace Understudy.Core.Tests.Membership;

public sealed class PeerLivenessRuleTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    [Fact]
    public void Effective_NeverHeardAtExactlyTheWindow_StaysNeverHeard() =>
        Assert.Equal(Liveness.NeverHeard, PeerLivenessRule.Effective(Liveness.NeverHeard, Window, Window));

    [Fact]
    public void Effective_NeverHeardOneTickPastTheWindow_IsDead() =>
        Assert.Equal(Liveness.Dead, PeerLivenessRule.Effective(Liveness.NeverHeard, Window + TimeSpan.FromTicks(1), Window));

    [Theory]
    [InlineData(Liveness.Alive)]
    [InlineData(Liveness.Dead)]
    public void Effective_HeardPeer_KeepsDetectorVerdict(Liveness verdict) =>
        Assert.Equal(verdict, PeerLivenessRule.Effective(verdict, TimeSpan.FromHours(1), Window));
}
