using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;
using static Understudy.Core.Tests.Failover.Roles;

namespace Understudy.Core.Tests.Failover;

public sealed class FailoverDecisionsTests
{
    [Fact]
    public void Decide_NewRole_PlacedOnFirstPreferredUpNodeWithNextToken()
    {
        var state = Cluster().Define(Role(with: r => r with { PreferredOwners = ["b"] }));

        var moved = Assert.IsType<RoleOwnerChanged>(Assert.Single(FailoverDecisions.Decide(state, View(), T0)));
        var after = state.Run([moved]);

        Assert.Equal("b", after.Roles["r"].Owner);
        Assert.Equal(RoleState.Pending, after.Roles["r"].State);
        Assert.Equal(1, after.Roles["r"].FencingToken);
    }

    [Fact]
    public void Decide_NoAutoStart_NotPlaced()
    {
        var state = Cluster().Define(Role(with: r => r with { Priority = StartPriority.NoAutoStart }));

        Assert.Empty(FailoverDecisions.Decide(state, View(), T0));
    }

    [Fact]
    public void Decide_OwnerDown_WaitsForLeaseThenMovesAwaitingTheWitnessedRelease()
    {
        var state = Cluster().Define(Role()).Own("r", "a");
        state = state.Run([new NodeDown(T0, "a", "missed heartbeats")]);

        Assert.Empty(FailoverDecisions.Decide(state, View(), T0));
        var move = Assert.IsType<RoleOwnerChanged>(Assert.Single(FailoverDecisions.Decide(state, View("a"), T0)));
        Assert.Equal(MoveKind.Failover, move.Kind);
        state = state.Run([move]);
        Assert.Equal("b", state.Roles["r"].Owner);
        Assert.Equal(2, state.Roles["r"].FencingToken);
        Assert.True(state.Roles["r"].FailedOver);
        Assert.Single(state.Roles["r"].FailoverTimes);
        Assert.Equal("a", state.Roles["r"].AwaitingRelease);

        // Nothing more while a's noted leases may still hold (the view leaves a out); then the
        // release, and b may start it.
        Assert.Empty(FailoverDecisions.Decide(state, View(), T0));
        var released = Assert.IsType<RoleReleased>(Assert.Single(FailoverDecisions.Decide(state, View("a"), T0)));
        state = state.Run([released]);
        Assert.Null(state.Roles["r"].AwaitingRelease);
        Assert.Equal("b", state.Roles["r"].Owner);
        Assert.Equal(2, state.Roles["r"].FencingToken);
    }

    [Fact]
    public void Decide_NewOwnerDownBeforeTheRelease_StillAwaitsTheFirstOwner()
    {
        var state = Cluster().Define(Role()).Own("r", "a");
        state = state.Run([new NodeDown(T0, "a", "x")]);
        state = state.Run(FailoverDecisions.Decide(state, View("a"), T0)); // a -> b, awaiting a
        state = state.Run([new NodeDown(T0, "b", "x")]);

        state = state.Run(FailoverDecisions.Decide(state, View("b"), T0)); // b -> c: b never started it
        Assert.Equal("c", state.Roles["r"].Owner);
        Assert.Equal("a", state.Roles["r"].AwaitingRelease);

        // b's lease ending releases nothing: a is the node that may still run it.
        Assert.Empty(FailoverDecisions.Decide(state, View("b"), T0));
        Assert.IsType<RoleReleased>(Assert.Single(FailoverDecisions.Decide(state, View("a", "b"), T0)));
    }

    [Fact]
    public void Decide_OwnerDownNoOtherOwner_FailsOnlyOnceTheLeaseEnded()
    {
        var state = Cluster().Define(Role(with: r => r with { PossibleOwners = ["a"] })).Own("r", "a");
        state = state.Run([new NodeDown(T0, "a", "x")]);

        Assert.Empty(FailoverDecisions.Decide(state, View(), T0));
        Assert.IsType<RoleFailed>(Assert.Single(FailoverDecisions.Decide(state, View("a"), T0)));
    }

    [Fact]
    public void Decide_Maintenance_DoesNothing()
    {
        var state = Cluster().Define(Role()).Own("r", "a").Run([new NodeDown(T0, "a", "x"), new MaintenanceChanged(T0, true)]);

        Assert.Empty(FailoverDecisions.Decide(state, View("a"), T0));
    }

    [Fact]
    public void Decide_FailoverLimitReached_RoleFailedAndStaysPut()
    {
        var state = Cluster().Define(Role()).Own("r", "a");
        state = state.Run([new NodeDown(T0, "a", "x")]);
        state = state.Run(FailoverDecisions.Decide(state, View("a"), T0)); // 1: a -> b
        state = state.Run([new NodeDown(T0, "b", "x")]);
        state = state.Run(FailoverDecisions.Decide(state, View("a", "b"), T0.AddHours(1))); // 2: b -> c
        Assert.Equal("c", state.Roles["r"].Owner);
        state = state.Run([new NodeUp(T0, "a", 2, 2, "x"), new NodeDown(T0, "c", "x")]);

        var failed = Assert.IsType<RoleFailed>(Assert.Single(FailoverDecisions.Decide(state, View("b", "c"), T0.AddHours(2))));
        state = state.Run([failed]);

        Assert.Equal(RoleState.Failed, state.Roles["r"].State);
        Assert.Equal("c", state.Roles["r"].Owner);
        Assert.Empty(FailoverDecisions.Decide(state, View("b", "c"), T0.AddHours(3)));
    }

    [Fact]
    public void OnReport_ResourceFailure_RestartsThreeTimesThenFailsOver()
    {
        var state = Cluster().Define(Role()).Own("r", "a");
        for (var i = 0; i < 3; i++)
        {
            var restart = FailoverDecisions.OnReport(state, View(), Failed(state), T0.AddMinutes(i));
            Assert.IsType<RoleRestarted>(Assert.Single(restart));
            state = state.Run(restart);
        }

        Assert.Equal(3, state.Roles["r"].Restarts);
        var move = Assert.IsType<RoleOwnerChanged>(Assert.Single(FailoverDecisions.OnReport(state, View(), Failed(state), T0.AddMinutes(3))));
        Assert.Equal("b", move.Owner);
        Assert.Equal(MoveKind.Failover, move.Kind);
    }

    [Fact]
    public void OnReport_FailurePastRestartPolicy_MoveRecordsResourceFailedEvent()
    {
        var state = Cluster().Define(Role()).Own("r", "a");
        for (var i = 0; i < 3; i++)
        {
            state = state.Run(FailoverDecisions.OnReport(state, View(), Failed(state), T0.AddMinutes(i)));
        }

        var after = state.Run(FailoverDecisions.OnReport(state, View(), Failed(state), T0.AddMinutes(3)));

        var last = after.Events.TakeLast(2).ToList();
        Assert.Equal("ResourceFailed", last[0].Kind);
        Assert.Equal("a", last[0].Node);
        Assert.StartsWith(Failed(state).Resource + ": ", last[0].Reason, StringComparison.Ordinal);
        Assert.Equal("RoleMoving", last[1].Kind);
        Assert.Equal(4, after.Events.Count(e => e.Kind == "ResourceFailed"));
    }

    [Fact]
    public void OnReport_Interrupted_EventOnlyNoRestartCounted()
    {
        var state = Cluster().Define(Role()).Own("r", "a");
        var report = Failed(state) with { Kind = RoleReportKind.Interrupted, Resource = null, Reason = "lease lapsed for 1.2 s" };

        var after = state.Run(FailoverDecisions.OnReport(state, View(), report, T0));

        Assert.Equal(("RoleInterrupted", "a", "lease lapsed for 1.2 s"), (after.Events[^1].Kind, after.Events[^1].Node, after.Events[^1].Reason));
        Assert.Same(state.Roles["r"], after.Roles["r"]);
        Assert.Empty(FailoverDecisions.OnReport(state, View(), report with { Token = report.Token - 1 }, T0));
    }

    [Fact]
    public void OnReport_RestartOutsideWindow_RestartsAgain()
    {
        var state = Cluster().Define(Role()).Own("r", "a");
        for (var i = 0; i < 3; i++)
        {
            state = state.Run(FailoverDecisions.OnReport(state, View(), Failed(state), T0.AddMinutes(i)));
        }

        Assert.IsType<RoleOwnerChanged>(Assert.Single(FailoverDecisions.OnReport(state, View(), Failed(state), T0.AddMinutes(15) - TimeSpan.FromTicks(1))));
        Assert.IsType<RoleRestarted>(Assert.Single(FailoverDecisions.OnReport(state, View(), Failed(state), T0.AddMinutes(15))));
    }

    [Fact]
    public void OnReport_StaleToken_Ignored()
    {
        var state = Cluster().Define(Role()).Own("r", "a");
        var stale = Failed(state) with { Token = state.Roles["r"].FencingToken - 1 };

        Assert.Empty(FailoverDecisions.OnReport(state, View(), stale, T0));
        Assert.Empty(FailoverDecisions.OnReport(state, View(), Failed(state) with { Node = "b" }, T0));
    }

    [Theory]
    [InlineData(null, "previous owner stopped it")]
    [InlineData("live-migrated VM v to b (downtime 2 ms)", "previous owner live-migrated VM v to b (downtime 2 ms)")]
    public void OnReport_Released_SaysHowTheOwnerLetGo(string? how, string reason)
    {
        var state = Cluster().Define(Role()).Own("r", "a").Run([new NodePaused(T0, "a")]);
        state = state.Run(FailoverDecisions.Decide(state, View(), T0));

        var released = Assert.IsType<RoleReleased>(Assert.Single(FailoverDecisions.OnReport(state, View(), new RoleReport("r", "a", 1, RoleReportKind.Released, null, how), T0)));

        Assert.Equal(reason, released.Reason);
    }

    [Fact]
    public void Decide_PausedOwner_DrainsAndAwaitsRelease_ResumeWithFailbackReturns()
    {
        var state = Cluster().Define(Role()).Own("r", "a").Run([new NodePaused(T0, "a")]);

        var drain = Assert.IsType<RoleOwnerChanged>(Assert.Single(FailoverDecisions.Decide(state, View(), T0)));
        state = state.Run([drain]);
        Assert.Equal(("b", "a", "a"), (state.Roles["r"].Owner, state.Roles["r"].AwaitingRelease, state.Roles["r"].DrainedFrom));

        state = state.Run(FailoverDecisions.OnReport(state, View(), new RoleReport("r", "a", 1, RoleReportKind.Released, null, null), T0));
        Assert.Null(state.Roles["r"].AwaitingRelease);
        state = state.Run([new RoleOnline(T0, "r", 2), new NodeResumed(T0, "a", Failback: true)]);

        var back = Assert.IsType<RoleOwnerChanged>(Assert.Single(FailoverDecisions.Decide(state, View(), T0)));
        Assert.Equal(("a", MoveKind.Failback), (back.Owner, back.Kind));
    }

    [Fact]
    public void Decide_ResumeWithoutFailback_Stays()
    {
        var state = Cluster().Define(Role()).Own("r", "a").Run([new NodePaused(T0, "a")]);
        state = state.Run(FailoverDecisions.Decide(state, View(), T0));
        state = state.Run([new RoleReleased(T0, "r", "a", "x"), new RoleOnline(T0, "r", 2), new NodeResumed(T0, "a", Failback: false)]);

        Assert.Empty(FailoverDecisions.Decide(state, View(), T0));
    }

    [Fact]
    public void Decide_FailbackPolicy_OnlyInsideWindow()
    {
        var role = Role(with: r => r with { Failback = FailbackPolicy.Window(TimeSpan.FromHours(13), TimeSpan.FromHours(14)) });
        var state = Cluster().Define(role).Own("r", "a").Run([new NodeDown(T0, "a", "x")]);
        state = state.Run(FailoverDecisions.Decide(state, View("a"), T0));
        state = state.Run([new RoleOnline(T0, "r", 2), new NodeUp(T0, "a", 2, 2, "x")]);

        Assert.Empty(FailoverDecisions.Decide(state, View(), T0.AddHours(1) - TimeSpan.FromTicks(1)));
        var back = Assert.IsType<RoleOwnerChanged>(Assert.Single(FailoverDecisions.Decide(state, View(), T0.AddHours(1))));
        Assert.Equal(("a", true), (back.Owner, back.AwaitRelease));
    }

    [Fact]
    public void FencingCounter_NeverReusedAcrossRemoveAndReAdd()
    {
        var state = Cluster().Define(Role()).Own("r", "a").Run([new RoleRemoved(T0, "r", "x")]).Define(Role());

        state = state.Run(FailoverDecisions.Decide(state, View(), T0));

        Assert.Equal(2, state.Roles["r"].FencingToken);
    }

    [Fact]
    public void Events_BoundedToMaxEvents()
    {
        var state = Cluster();
        for (var i = 0; i < ClusterState.MaxEvents + 10; i++)
        {
            state = state.Run([new MaintenanceChanged(T0, i % 2 == 0)]);
        }

        Assert.Equal(ClusterState.MaxEvents, state.Events.Count);
        Assert.Equal(ClusterState.MaxEvents + 10, state.Events[^1].Id);
    }

    private static RoleReport Failed(ClusterState state) =>
        new("r", state.Roles["r"].Owner!, state.Roles["r"].FencingToken, RoleReportKind.Failed, "p", "exited with code 1");
}
