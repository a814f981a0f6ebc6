using Understudy.Core.Database;
using Understudy.Core.Failover;

namespace Understudy.Core.Tests.Failover;

/// <summary><see cref="LeaseRule.PredecessorSurelyExpired"/> at each of its bounds, one tick either side.</summary>
public sealed class PredecessorLeaseTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly LeaseTiming Timing = LeaseTiming.Default; // lease 1 s, leader lease 700 ms, margin 150 ms
    private static readonly TimeSpan Elected = TimeSpan.FromSeconds(100);

    [Fact]
    public void LongTimeLeader_OnlyItsOwnShorterLeaseIsWaitedFor()
    {
        var seen = Elected - TimeSpan.FromMinutes(5);
        var end = Elected + Timing.LeaderLease + Timing.Margin; // 850 ms after the election

        Assert.False(LeaseRule.PredecessorSurelyExpired(null, Elected, seen, end, Timing));
        Assert.True(LeaseRule.PredecessorSurelyExpired(null, Elected, seen, end + Tick, Timing));
        Assert.True(end < Elected + Timing.Lease + Timing.Margin, "the point of the rule: sooner than a whole lease");
    }

    [Fact]
    public void JustElectedPredecessor_GrantsFromBeforeItsElectionAreWaitedFor()
    {
        var seen = Elected - TimeSpan.FromMilliseconds(100); // it had led for at most 100 ms
        var end = seen + Timing.Lease + Timing.Margin;

        Assert.False(LeaseRule.PredecessorSurelyExpired(null, Elected, seen, end, Timing));
        Assert.True(LeaseRule.PredecessorSurelyExpired(null, Elected, seen, end + Tick, Timing));
    }

    [Fact]
    public void GrantedByThisLeaderSinceItsElection_ThatGrantIsWaitedFor()
    {
        var seen = Elected - TimeSpan.FromMinutes(5);
        var granted = Elected + TimeSpan.FromSeconds(3); // came back and renewed with the new leader
        var end = granted + Timing.Lease + Timing.Margin;

        Assert.False(LeaseRule.PredecessorSurelyExpired(granted, Elected, seen, end, Timing));
        Assert.True(LeaseRule.PredecessorSurelyExpired(granted, Elected, seen, end + Tick, Timing));
    }

    [Fact]
    public void GrantOlderThanTheElection_IsIgnored()
    {
        var seen = Elected - TimeSpan.FromMinutes(5);
        var end = Elected + Timing.LeaderLease + Timing.Margin;

        Assert.True(LeaseRule.PredecessorSurelyExpired(Elected - TimeSpan.FromMilliseconds(1), Elected, seen, end + Tick, Timing));
    }

    [Fact]
    public void LeaderElected_RecordsTheLatestTermOnly()
    {
        var at = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var state = new LeaderElected(at, "a", 7).ApplyTo(ClusterState.Empty);

        Assert.Equal(new Leadership("a", 7), state.Leadership);
        Assert.Equal("LeaderElected", state.Events[^1].Kind);
        Assert.Same(state, new LeaderElected(at, "b", 6).ApplyTo(state));
        Assert.Same(state, new LeaderElected(at, "b", 7).ApplyTo(state));
        Assert.Equal(new Leadership("b", 8), new LeaderElected(at, "b", 8).ApplyTo(state).Leadership);
    }

    [Theory]
    [InlineData(1000, 200, 1001, "leaderLease (1001ms) must be at most lease (1000ms)")]
    [InlineData(1000, 351, 700, "renew (351ms) must be at most half of leaderLease (700ms)")]
    [InlineData(1000, 350, 700, null)]
    [InlineData(1000, 200, 1000, null)]
    public void Timing_Problems(int lease, int renew, int leaderLease, string? problem)
    {
        var timing = new LeaseTiming { Lease = TimeSpan.FromMilliseconds(lease), Renew = TimeSpan.FromMilliseconds(renew), LeaderLease = TimeSpan.FromMilliseconds(leaderLease) };

        if (problem is null)
        {
            Assert.Null(timing.Problem());
        }
        else
        {
            Assert.StartsWith(problem, timing.Problem(), StringComparison.Ordinal);
        }
    }
}
