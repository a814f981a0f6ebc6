using Understudy.Core.Config;
using Understudy.Core.Database;
using Understudy.Core.Membership;

namespace Understudy.Core.Tests.Membership;

public sealed class QuarantineRuleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);
    private static readonly QuarantineOptions Options = QuarantineOptions.Default;
    private static readonly string[] Five = ["a", "b", "c", "d", "e"];

    /// <summary>All of <paramref name="nodes"/> Up; <paramref name="flapper"/> left at each of <paramref name="departures"/> (minutes after T0) and came back.</summary>
    private static ClusterState Flapped(string[] nodes, string flapper, params int[] departures)
    {
        var state = ClusterState.Empty;
        var incarnation = 1L;
        foreach (var n in nodes)
        {
            state = state.Apply(new NodeUp(T0, n, incarnation, 100, "first heartbeat"), 1);
        }

        foreach (var minute in departures)
        {
            state = state.Apply(new NodeDown(T0.AddMinutes(minute), flapper, "missed heartbeats"), 2)
                .Apply(new NodeUp(T0.AddMinutes(minute).AddSeconds(10), flapper, ++incarnation, 100, "heartbeats resumed"), 3);
        }

        return state;
    }

    [Fact]
    public void Decide_ThreeDeparturesWithinTheHour_Quarantined()
    {
        var state = Flapped(Five, "b", 0, 10, 20);
        var now = T0.AddMinutes(21);

        var q = Assert.IsType<NodeQuarantined>(Assert.Single(QuarantineRule.Decide(state, Five, Options, now)));

        Assert.Equal(new NodeQuarantined(now, "b", now.AddHours(2), "3 unplanned departures within 1h"), q);
    }

    [Fact]
    public void Decide_TwoDepartures_NotQuarantined() =>
        Assert.Empty(QuarantineRule.Decide(Flapped(Five, "b", 0, 10), Five, Options, T0.AddMinutes(21)));

    [Fact]
    public void Decide_OldestDepartureExactlyAnHourAgo_NoLongerCounts()
    {
        var state = Flapped(Five, "b", 0, 10, 20);

        Assert.Empty(QuarantineRule.Decide(state, Five, Options, T0.AddHours(1)));
        Assert.Single(QuarantineRule.Decide(state, Five, Options, T0.AddHours(1).AddTicks(-1)));
    }

    [Fact]
    public void Decide_RestartSeenWhileUp_CountsAsDeparture()
    {
        var state = Flapped(Five, "b", 0, 10);
        state = state.Apply(new NodeUp(T0.AddMinutes(15), "b", 99, 101, "node restarted"), 4);

        Assert.Equal(3, state.Nodes["b"].Departures.Length);
        Assert.IsType<NodeQuarantined>(Assert.Single(QuarantineRule.Decide(state, Five, Options, T0.AddMinutes(16))));
    }

    [Fact]
    public void RestartWhilePausedByOperator_IsPlanned_NoDeparture()
    {
        var state = Flapped(Five, "b", 0, 10).Apply(new NodePaused(T0.AddMinutes(14), "b"), 4);
        state = state.Apply(new NodeUp(T0.AddMinutes(15), "b", 99, 101, "node restarted"), 5);

        Assert.Equal(2, state.Nodes["b"].Departures.Length);
        Assert.Equal(NodeState.Paused, state.Nodes["b"].State);
        Assert.Empty(QuarantineRule.Decide(state, Five, Options, T0.AddMinutes(16)));
    }

    [Fact]
    public void DownWhilePausedByOperator_IsPlanned_NoDeparture()
    {
        var state = Flapped(Five, "b", 0, 10).Apply(new NodePaused(T0.AddMinutes(14), "b"), 4);
        state = state.Apply(new NodeDown(T0.AddMinutes(15), "b", "missed heartbeats"), 5);

        Assert.Equal(2, state.Nodes["b"].Departures.Length);
        Assert.Empty(QuarantineRule.Decide(state, Five, Options, T0.AddMinutes(16)));
    }

    [Fact]
    public void RestartAfterResume_CountsAgain()
    {
        var state = Flapped(Five, "b", 0, 10).Apply(new NodePaused(T0.AddMinutes(14), "b"), 4)
            .Apply(new NodeResumed(T0.AddMinutes(14).AddSeconds(30), "b", false), 5);
        state = state.Apply(new NodeUp(T0.AddMinutes(15), "b", 99, 101, "node restarted"), 6);

        Assert.Equal(3, state.Nodes["b"].Departures.Length);
        Assert.IsType<NodeQuarantined>(Assert.Single(QuarantineRule.Decide(state, Five, Options, T0.AddMinutes(16))));
    }

    [Fact]
    public void RestartWhileQuarantined_StillCounts()
    {
        var state = Flapped(Five, "b", 0, 10, 20);
        state = state.Apply(Assert.Single(QuarantineRule.Decide(state, Five, Options, T0.AddMinutes(21))), 4);
        state = state.Apply(new NodeUp(T0.AddMinutes(25), "b", 99, 101, "node restarted"), 5);

        Assert.Equal(4, state.Nodes["b"].Departures.Length);
    }

    [Fact]
    public void Decide_TwoFlappersInFiveNodes_OnlyTheOneWithMostDeparturesQuarantined()
    {
        var state = Flapped(Five, "d", 0, 5, 10);
        state = Flapped(Five, "b", 1, 6, 11, 16) is var b ? state.WithNode(b.Nodes["b"]) : state;

        var q = Assert.IsType<NodeQuarantined>(Assert.Single(QuarantineRule.Decide(state, Five, Options, T0.AddMinutes(20))));

        Assert.Equal("b", q.Node);
    }

    [Fact]
    public void Decide_LimitReached_NoMoreQuarantined()
    {
        var now = T0.AddMinutes(20);
        var state = Flapped(Five, "d", 0, 5, 10).Apply(new NodeQuarantined(now, "a", now.AddHours(2), "test"), 9);

        Assert.Empty(QuarantineRule.Decide(state, Five, Options, now));
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(7, 1)]
    [InlineData(8, 2)]
    [InlineData(12, 3)]
    public void Limit_AQuarterOfTheNodes_AtLeastOneFromThree(int nodes, int limit) => Assert.Equal(limit, Options.Limit(nodes));

    [Fact]
    public void Decide_QuarantineOff_NeverQuarantines() =>
        Assert.Empty(QuarantineRule.Decide(Flapped(Five, "b", 0, 1, 2, 3), Five, Options with { Departures = 0 }, T0.AddMinutes(4)));

    [Fact]
    public void Decide_QuarantineEnds_ExactlyAtItsEnd()
    {
        var now = T0.AddMinutes(21);
        var state = Flapped(Five, "b", 0, 10, 20).Apply(new NodeQuarantined(now, "b", now.AddHours(2), "test"), 9);

        Assert.Empty(QuarantineRule.Decide(state, Five, Options, now.AddHours(2).AddTicks(-1)));
        Assert.Equal(new NodeQuarantineLifted(now.AddHours(2), "b", "quarantine ended"), Assert.Single(QuarantineRule.Decide(state, Five, Options, now.AddHours(2))));
    }

    [Fact]
    public void NextDeadline_IsTheEarliestQuarantineEnd_NullWhenNoneIsAhead()
    {
        var now = T0.AddMinutes(21);
        var state = Flapped(Five, "b", 0, 10, 20)
            .Apply(new NodeQuarantined(now, "b", now.AddHours(2), "test"), 9)
            .Apply(new NodeQuarantined(now, "c", now.AddHours(1), "test"), 10);

        Assert.Equal(now.AddHours(1), QuarantineRule.NextDeadline(state, Five, now));
        Assert.Equal(now.AddHours(2), QuarantineRule.NextDeadline(state, Five, now.AddHours(1)));
        Assert.Null(QuarantineRule.NextDeadline(state, Five, now.AddHours(2)));
        Assert.Null(QuarantineRule.NextDeadline(Flapped(Five, "b", 0), Five, now));
    }

    [Fact]
    public void Apply_Quarantined_PausedThroughRestartsAndResume_UpWhenLifted()
    {
        var now = T0.AddMinutes(21);
        var state = Flapped(Five, "b", 0, 10, 20).Apply(new NodeQuarantined(now, "b", now.AddHours(2), "3 unplanned departures within 1h"), 9);
        Assert.Equal(NodeState.Paused, state.Nodes["b"].State);
        Assert.Equal("NodeQuarantined", state.Events[^1].Kind);

        state = state.Apply(new NodeDown(now.AddMinutes(1), "b", "missed heartbeats"), 10)
            .Apply(new NodeUp(now.AddMinutes(2), "b", 77, 1, "heartbeats resumed"), 11)
            .Apply(new NodeResumed(now.AddMinutes(3), "b", Failback: false), 12);
        Assert.Equal(NodeState.Paused, state.Nodes["b"].State);
        Assert.Contains("quarantined until", state.Nodes["b"].Reason, StringComparison.Ordinal);

        state = state.Apply(new NodeQuarantineLifted(now.AddMinutes(4), "b", "quarantine cleared by operator"), 13);
        Assert.Equal(NodeState.Up, state.Nodes["b"].State);
        Assert.Null(state.Nodes["b"].QuarantinedUntil);
        Assert.Empty(state.Nodes["b"].Departures);
        Assert.Equal(new[] { "NodeQuarantineLifted" }, new[] { state.Events[^1].Kind });
    }

    [Fact]
    public void Apply_LiftedButPausedByOperator_StaysPaused()
    {
        var now = T0.AddMinutes(21);
        var state = Flapped(Five, "b", 0, 10, 20)
            .Apply(new NodePaused(now, "b"), 8)
            .Apply(new NodeQuarantined(now, "b", now.AddHours(2), "test"), 9)
            .Apply(new NodeQuarantineLifted(now.AddMinutes(1), "b", "quarantine ended"), 10);

        Assert.Equal(NodeState.Paused, state.Nodes["b"].State);
    }

    [Fact]
    public void Apply_QuarantinedWhileDown_StaysDownThenComesBackPaused()
    {
        var now = T0.AddMinutes(21);
        var state = Flapped(Five, "b", 0, 10, 20).Apply(new NodeDown(now, "b", "missed heartbeats"), 8)
            .Apply(new NodeQuarantined(now, "b", now.AddHours(2), "test"), 9);
        Assert.Equal(NodeState.Down, state.Nodes["b"].State);

        state = state.Apply(new NodeUp(now.AddMinutes(1), "b", 50, 1, "heartbeats resumed"), 10);

        Assert.Equal(NodeState.Paused, state.Nodes["b"].State);
    }

    [Fact]
    public void Apply_DownFromJoining_IsNoDeparture() =>
        Assert.Empty(ClusterState.Empty.Apply(new NodeDown(T0, "x", "missed heartbeats"), 1).Nodes["x"].Departures);
}
