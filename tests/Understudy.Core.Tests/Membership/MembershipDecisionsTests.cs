using Understudy.Core.Database;
using Understudy.Core.Detection;
using Understudy.Core.Membership;

namespace Understudy.Core.Tests.Membership;

public sealed class MembershipDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly (long, int) Self = (100, 10);

    private static ClusterState With(params NodeStatus[] nodes) =>
        nodes.Aggregate(ClusterState.Empty, (s, n) => s with { Nodes = s.Nodes.SetItem(n.Name, n) });

    private static NodeStatus Status(string name, NodeState state, long? incarnation = 1) =>
        new(name, state, Now.AddMinutes(-1), incarnation, 99, "earlier");

    [Fact]
    public void Decide_EmptyDatabase_LeaderMarksItselfUp()
    {
        var commands = MembershipDecisions.Decide(ClusterState.Empty, "a", Self, [], Now);

        var up = Assert.IsType<NodeUp>(Assert.Single(commands));
        Assert.Equal(("a", 100L, 10), (up.Node, up.Incarnation, up.ProcessId));
        Assert.Equal(Now, up.At);
    }

    [Fact]
    public void Decide_LeaderAlreadyUpWithSameIncarnation_NothingToDo()
    {
        var state = With(Status("a", NodeState.Up, 100));

        Assert.Empty(MembershipDecisions.Decide(state, "a", Self, [], Now));
    }

    [Fact]
    public void Decide_LeaderRestartedWithNewIncarnation_RecommitsItselfUp()
    {
        var state = With(Status("a", NodeState.Up, 42));

        var up = Assert.IsType<NodeUp>(Assert.Single(MembershipDecisions.Decide(state, "a", Self, [], Now)));
        Assert.Equal(100, up.Incarnation);
    }

    [Theory]
    [InlineData(NodeState.Joining, Liveness.Alive, "nodeUp")]
    [InlineData(NodeState.Down, Liveness.Alive, "nodeUp")]
    [InlineData(NodeState.Up, Liveness.Alive, null)]
    [InlineData(NodeState.Paused, Liveness.Alive, null)]
    [InlineData(NodeState.Up, Liveness.Dead, "nodeDown")]
    [InlineData(NodeState.Paused, Liveness.Dead, "nodeDown")]
    [InlineData(NodeState.Down, Liveness.Dead, null)]
    [InlineData(NodeState.Joining, Liveness.Dead, null)]
    [InlineData(NodeState.Joining, Liveness.NeverHeard, null)]
    [InlineData(NodeState.Up, Liveness.NeverHeard, null)]
    public void Decide_PeerStateAndVerdict_GiveExpectedCommand(NodeState state, Liveness liveness, string? expected)
    {
        var db = With(Status("a", NodeState.Up, 100), Status("b", state, 7));

        var commands = MembershipDecisions.Decide(db, "a", Self, [new PeerObservation("b", liveness, 7, 55)], Now);

        var actual = commands.SingleOrDefault() switch
        {
            NodeUp => "nodeUp",
            NodeDown => "nodeDown",
            null => null,
            var other => other.GetType().Name,
        };
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Decide_PeerAliveWithNewIncarnation_CommitsRestart()
    {
        var db = With(Status("a", NodeState.Up, 100), Status("b", NodeState.Up, 7));

        var commands = MembershipDecisions.Decide(db, "a", Self, [new PeerObservation("b", Liveness.Alive, 8, 56)], Now);

        var up = Assert.IsType<NodeUp>(Assert.Single(commands));
        Assert.Equal((8L, 56, "node restarted"), (up.Incarnation, up.ProcessId, up.Reason));
    }

    [Fact]
    public void Decide_ManyPeers_OneCommandPerChangedPeerInInputOrder()
    {
        var db = With(Status("a", NodeState.Up, 100), Status("b", NodeState.Up), Status("c", NodeState.Up), Status("d", NodeState.Down));
        PeerObservation[] peers =
        [
            new("b", Liveness.Dead, 1, 1),
            new("c", Liveness.Alive, 1, 1),
            new("d", Liveness.Alive, 2, 2),
        ];

        var commands = MembershipDecisions.Decide(db, "a", Self, peers, Now);

        Assert.Collection(
            commands,
            c => Assert.Equal("b", Assert.IsType<NodeDown>(c).Node),
            c => Assert.Equal("d", Assert.IsType<NodeUp>(c).Node));
    }
}
