using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;
using static Understudy.Core.Tests.Failover.Roles;

namespace Understudy.Core.Tests.Failover;

/// <summary>Which Down nodes the leader a (elected at 100 s on its clock) may give roles away from:
/// each bound exactly and one tick past it.</summary>
public sealed class ExpiredLeasesTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly LeaseTiming Timing = LeaseTiming.Default; // lease 1 s, leader lease 700 ms, margin 150 ms
    private static readonly TimeSpan Elected = TimeSpan.FromSeconds(100);
    private static readonly TimeSpan WholeLease = Timing.Lease + Timing.Margin; // 1150 ms

    private static readonly ClusterState BDown = Cluster(("a", NodeState.Up), ("b", NodeState.Down), ("c", NodeState.Up));

    private static TimeSpan? NeverGranted(string node) => null;

    private static IEnumerable<string> Expired(ClusterState state, TimeSpan now, Func<string, TimeSpan?>? lastGrant = null, LeaderSighting? predecessor = null) =>
        ExpiredLeases.Of(state, Nodes, "a", lastGrant ?? NeverGranted, Elected, predecessor, now, Timing).Order(StringComparer.Ordinal);

    [Fact]
    public void Of_DownNodeNeverGranted_CountsFromTheElection()
    {
        Assert.Empty(Expired(BDown, Elected + WholeLease));
        Assert.Equal(["b"], Expired(BDown, Elected + WholeLease + Tick));
    }

    [Fact]
    public void Of_DownNodeGrantedSinceTheElection_CountsFromTheGrant()
    {
        var granted = Elected + TimeSpan.FromSeconds(3);
        TimeSpan? Last(string node) => node == "b" ? granted : null;

        Assert.Empty(Expired(BDown, granted + WholeLease, Last));
        Assert.Equal(["b"], Expired(BDown, granted + WholeLease + Tick, Last));
    }

    [Fact]
    public void Of_GrantBeforeTheElection_CountsFromTheElection()
    {
        TimeSpan? Last(string node) => Elected - TimeSpan.FromSeconds(10);

        Assert.Empty(Expired(BDown, Elected + WholeLease, Last));
        Assert.Equal(["b"], Expired(BDown, Elected + WholeLease + Tick, Last));
    }

    [Theory]
    [InlineData(NodeState.Up)]
    [InlineData(NodeState.Paused)]
    public void Of_NodeNotDown_NeverListed(NodeState state) =>
        Assert.Empty(Expired(Cluster(("a", NodeState.Up), ("b", state), ("c", NodeState.Up)), Elected + TimeSpan.FromHours(1)));

    [Fact]
    public void Of_NodeNeverHeard_JoiningNotListed() =>
        Assert.Empty(Expired(Cluster(("a", NodeState.Up), ("b", NodeState.Up)), Elected + TimeSpan.FromHours(1)));

    [Fact]
    public void Of_TheLeaderItselfDown_NotListed() =>
        Assert.Equal(["b"], Expired(Cluster(("a", NodeState.Down), ("b", NodeState.Down), ("c", NodeState.Up)), Elected + TimeSpan.FromHours(1)));

    [Fact]
    public void Of_EveryDownNode_Listed() =>
        Assert.Equal(["b", "c"], Expired(Cluster(("a", NodeState.Up), ("b", NodeState.Down), ("c", NodeState.Down)), Elected + WholeLease + Tick));

    [Fact]
    public void Of_DownPredecessorThatLedLong_OnlyItsLeaderLeaseIsWaitedFor()
    {
        var predecessor = new LeaderSighting("b", Elected - TimeSpan.FromMinutes(5));
        var end = Elected + Timing.LeaderLease + Timing.Margin; // 850 ms after the election
        var bothDown = Cluster(("a", NodeState.Up), ("b", NodeState.Down), ("c", NodeState.Down));

        Assert.Empty(Expired(bothDown, end, predecessor: predecessor));
        Assert.Equal(["b"], Expired(bothDown, end + Tick, predecessor: predecessor)); // c, not the predecessor, waits a whole lease
        Assert.Equal(["b", "c"], Expired(bothDown, Elected + WholeLease + Tick, predecessor: predecessor));
    }

    [Fact]
    public void Of_DownPredecessorJustElected_WaitsFromWhenItWasSeen()
    {
        var predecessor = new LeaderSighting("b", Elected - TimeSpan.FromMilliseconds(100));
        var end = predecessor.Seen + WholeLease;

        Assert.Empty(Expired(BDown, end, predecessor: predecessor));
        Assert.Equal(["b"], Expired(BDown, end + Tick, predecessor: predecessor));
    }

    [Fact]
    public void Of_PredecessorUp_NotListed() =>
        Assert.Empty(Expired(Cluster(), Elected + TimeSpan.FromHours(1), predecessor: new LeaderSighting("b", Elected - TimeSpan.FromMinutes(5))));
}
