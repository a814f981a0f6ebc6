using Understudy.Core.Database;
using Understudy.Core.Membership;

namespace Understudy.Core.Tests.Database;

public sealed class ClusterStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NodeOrJoining_UnknownNode_IsJoining()
    {
        var status = ClusterState.Empty.NodeOrJoining("x");

        Assert.Equal(NodeState.Joining, status.State);
        Assert.Null(status.Since);
    }

    [Fact]
    public void Apply_UpThenDown_KeepsIncarnationAndStampsEachChange()
    {
        var state = ClusterState.Empty
            .Apply(new NodeUp(T0, "b", 7, 70, "first heartbeat"), 1)
            .Apply(new NodeDown(T0.AddSeconds(5), "b", "missed heartbeats"), 2);

        var b = state.Nodes["b"];
        Assert.Equal(NodeState.Down, b.State);
        Assert.Equal(T0.AddSeconds(5), b.Since);
        Assert.Equal(7, b.Incarnation);
        Assert.Equal("missed heartbeats", b.Reason);
        Assert.Equal(2, state.Version);
    }

    [Fact]
    public void Apply_DoesNotChangeThePreviousSnapshot()
    {
        var before = ClusterState.Empty.Apply(new NodeUp(T0, "b", 7, 70, "first heartbeat"), 1);

        _ = before.Apply(new NodeDown(T0, "b", "missed heartbeats"), 2);

        Assert.Equal(NodeState.Up, before.Nodes["b"].State);
        Assert.Equal(1, before.Version);
    }

    [Fact]
    public void Apply_SameCommandsSameOrder_SameState()
    {
        ClusterCommand[] log =
        [
            new NodeUp(T0, "a", 1, 10, "leader elected"),
            new NodeUp(T0, "b", 2, 20, "first heartbeat"),
            new NodeDown(T0.AddSeconds(1), "a", "missed heartbeats"),
        ];

        var one = log.Select((c, i) => (c, i)).Aggregate(ClusterState.Empty, (s, e) => s.Apply(e.c, e.i + 1));
        var two = log.Select((c, i) => (c, i)).Aggregate(ClusterState.Empty, (s, e) => s.Apply(e.c, e.i + 1));

        Assert.Equal(one.Version, two.Version);
        Assert.Equal(one.Nodes, two.Nodes);
    }
}
