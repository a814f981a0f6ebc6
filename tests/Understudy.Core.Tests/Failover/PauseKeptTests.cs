using Understudy.Core.Database;
using Understudy.Core.Membership;

namespace Understudy.Core.Tests.Failover;

/// <summary>A paused node stays paused through a restart or a Down until resumed (issue 13).</summary>
public sealed class PauseKeptTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 4, 0, 0, TimeSpan.Zero);

    private static ClusterState PausedA() => ClusterState.Empty
        .Apply(new NodeUp(T0, "a", 1, 10, "first heartbeat"), 1)
        .Apply(new NodePaused(T0.AddSeconds(1), "a"), 2);

    [Fact]
    public void NodeUp_PausedNodeRestarted_StaysPaused()
    {
        var state = PausedA().Apply(new NodeUp(T0.AddSeconds(2), "a", 2, 20, "node restarted"), 3);

        Assert.Equal(NodeState.Paused, state.Nodes["a"].State);
        Assert.Equal(2, state.Nodes["a"].Incarnation);
        Assert.Contains("still paused", state.Events[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeUp_PausedNodeDownThenBack_StaysPaused()
    {
        var state = PausedA()
            .Apply(new NodeDown(T0.AddSeconds(2), "a", "missed heartbeats"), 3)
            .Apply(new NodeUp(T0.AddSeconds(3), "a", 2, 20, "heartbeats resumed"), 4);

        Assert.Equal(NodeState.Paused, state.Nodes["a"].State);
    }

    [Fact]
    public void NodeResumed_ThenRestart_ComesBackUp()
    {
        var state = PausedA()
            .Apply(new NodeResumed(T0.AddSeconds(2), "a", Failback: false), 3)
            .Apply(new NodeUp(T0.AddSeconds(3), "a", 2, 20, "node restarted"), 4);

        Assert.Equal(NodeState.Up, state.Nodes["a"].State);
        Assert.False(state.Nodes["a"].PauseKept);
    }

    [Fact]
    public void NodeResumed_WhileDown_ComesBackUp()
    {
        var state = PausedA()
            .Apply(new NodeDown(T0.AddSeconds(2), "a", "missed heartbeats"), 3)
            .Apply(new NodeResumed(T0.AddSeconds(3), "a", Failback: false), 4);
        Assert.Equal(NodeState.Down, state.Nodes["a"].State);

        state = state.Apply(new NodeUp(T0.AddSeconds(4), "a", 2, 20, "heartbeats resumed"), 5);

        Assert.Equal(NodeState.Up, state.Nodes["a"].State);
    }

    [Fact]
    public void NodeUp_NeverPaused_Up()
    {
        var state = ClusterState.Empty.Apply(new NodeUp(T0, "a", 1, 10, "first heartbeat"), 1).Apply(new NodeUp(T0, "a", 2, 20, "node restarted"), 2);

        Assert.Equal(NodeState.Up, state.Nodes["a"].State);
    }
}
