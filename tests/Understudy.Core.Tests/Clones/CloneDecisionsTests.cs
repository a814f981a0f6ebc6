using Understudy.Core.Clones;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;
using static Understudy.Core.Tests.Failover.Roles;

namespace Understudy.Core.Tests.Clones;

public sealed class CloneDecisionsTests
{
    private static RoleDefinition Clone(Func<RoleDefinition, RoleDefinition>? with = null) =>
        Role("web", r => (with is null ? r : with(r)) with { IsClone = true });

    // Runs the leader's decisions until nothing changes, as the coordinator does tick by tick.
    private static ClusterState Settle(ClusterState state)
    {
        for (var i = 0; i < 10; i++)
        {
            var commands = FailoverDecisions.Decide(state, View(), T0);
            if (commands.IsEmpty)
            {
                return state;
            }

            state = state.Run(commands);
        }

        throw new InvalidOperationException("decisions did not settle");
    }

    private static ClusterState Online(ClusterState state) =>
        state.Run(state.Roles["web"].Instances.Values.Select(i => new CloneInstanceOnline(T0, "web", i.Node, i.Token)));

    public static TheoryData<string, string, string> EligibleCases => new()
    {
        // node states a,b,c | possible owners | nodes that should run an instance
        { "Up,Up,Up", "", "a,b,c" },
        { "Up,Down,Up", "", "a,c" },
        { "Up,Paused,Joining", "", "a" },
        { "Up,Up,Up", "b,c", "b,c" },
        { "Down,Down,Down", "", "" },
    };

    [Theory]
    [MemberData(nameof(EligibleCases))]
    public void Decide_Table_InstanceOnEveryEligibleNode(string states, string possible, string expected)
    {
        var nodeStates = states.Split(',').Select(Enum.Parse<NodeState>).ToArray();
        var state = Cluster(("a", nodeStates[0]), ("b", nodeStates[1]), ("c", nodeStates[2]))
            .Define(Clone(r => r with { PossibleOwners = [.. possible.Split(',', StringSplitOptions.RemoveEmptyEntries)] }));

        var after = Settle(state);

        Assert.Equal(expected, string.Join(",", after.Roles["web"].Instances.Keys));
        Assert.All(after.Roles["web"].Instances.Values, i => Assert.Equal(RoleState.Pending, i.State));
        Assert.Null(after.Roles["web"].Owner);
    }

    [Fact]
    public void Decide_NewInstances_EachGetsItsOwnGrowingToken()
    {
        var after = Settle(Cluster().Define(Clone()));

        Assert.Equal([1L, 2, 3], after.Roles["web"].Instances.Values.Select(i => i.Token).Order());
        Assert.Equal(3, after.FencingCounter);
    }

    [Fact]
    public void Decide_NodeDies_ItsInstanceGoesAndNothingMovesWithoutWaitingForTheLease()
    {
        var state = Online(Settle(Cluster().Define(Clone())));
        state = state.Run([new NodeDown(T0, "b", "missed heartbeats")]);

        // No lease expiry in the view: a clone instance is not exclusive, so nothing waits.
        var commands = FailoverDecisions.Decide(state, View(), T0);

        var removed = Assert.IsType<CloneInstanceRemoved>(Assert.Single(commands));
        Assert.Equal("b", removed.Node);
        var after = state.Run(commands);
        Assert.Equal("a,c", string.Join(",", after.Roles["web"].Instances.Keys));
        Assert.All(after.Roles["web"].Instances.Values, i => Assert.Equal(RoleState.Online, i.State));
        Assert.Equal(RoleState.Online, after.Roles["web"].State);
    }

    [Fact]
    public void Decide_NodeComesBack_GetsANewInstance()
    {
        var state = Online(Settle(Cluster().Define(Clone())));
        state = Settle(state.Run([new NodeDown(T0, "b", "x")]));
        state = state.Run([new NodeUp(T0, "b", 2, 1, "back")]);

        var after = Settle(state);

        var instance = after.Roles["web"].Instances["b"];
        Assert.Equal(RoleState.Pending, instance.State);
        Assert.Equal(4, instance.Token);
    }

    [Fact]
    public void Decide_Maintenance_LeavesInstancesAsTheyAre()
    {
        var state = Online(Settle(Cluster().Define(Clone())));
        state = state.Run([new MaintenanceChanged(T0, true), new NodeDown(T0, "b", "x")]);

        Assert.Empty(FailoverDecisions.Decide(state, View(), T0));
    }

    [Fact]
    public void Decide_StoppedRole_RemovesEveryInstanceAndStartBringsThemBack()
    {
        var state = Online(Settle(Cluster().Define(Clone())));
        state = state.Run([new CloneStopped(T0, "web", Stopped: true, "operator")]);
        Assert.Empty(state.Roles["web"].Instances);
        Assert.Equal(RoleState.Offline, state.Roles["web"].State);
        Assert.Empty(FailoverDecisions.Decide(state, View(), T0));

        var after = Settle(state.Run([new CloneStopped(T0, "web", Stopped: false, "operator")]));

        Assert.Equal(3, after.Roles["web"].Instances.Count);
    }

    [Fact]
    public void OnReport_Online_MarksOnlyThatInstance()
    {
        var state = Settle(Cluster().Define(Clone()));
        var b = state.Roles["web"].Instances["b"];

        var after = state.Run(FailoverDecisions.OnReport(state, View(), new RoleReport("web", "b", b.Token, RoleReportKind.Online, null, null), T0));

        Assert.Equal(RoleState.Online, after.Roles["web"].Instances["b"].State);
        Assert.Equal(RoleState.Pending, after.Roles["web"].Instances["a"].State);
        Assert.Equal(RoleState.Online, after.Roles["web"].State);
    }

    [Fact]
    public void OnReport_Failures_RestartInPlaceUntilThePolicyThenFailedOnThatNodeOnly()
    {
        var state = Online(Settle(Cluster().Define(Clone(r => r with { Restart = new RestartPolicy(2, TimeSpan.FromMinutes(15)) }))));
        RoleReport Failure(ClusterState s) => new("web", "b", s.Roles["web"].Instances["b"].Token, RoleReportKind.Failed, "p", "exited");

        for (var restart = 1; restart <= 2; restart++)
        {
            var restarted = Assert.IsType<CloneInstanceRestarted>(Assert.Single(FailoverDecisions.OnReport(state, View(), Failure(state), T0)));
            state = state.Run([restarted]);
            Assert.Equal(restart, state.Roles["web"].Instances["b"].Restarts);
            Assert.Equal(RoleState.Pending, state.Roles["web"].Instances["b"].State);
        }

        state = state.Run(FailoverDecisions.OnReport(state, View(), Failure(state), T0));

        Assert.Equal(RoleState.Failed, state.Roles["web"].Instances["b"].State);
        Assert.Equal(RoleState.Online, state.Roles["web"].Instances["a"].State);
        Assert.Equal(RoleState.Online, state.Roles["web"].State);
        Assert.Null(state.Roles["web"].Owner);
        Assert.Empty(FailoverDecisions.Decide(state, View(), T0)); // a failed instance stays put
    }

    [Fact]
    public void OnReport_RestartWindow_RestartExactlyAWindowAgoHasLeft()
    {
        var policy = new RestartPolicy(1, TimeSpan.FromMinutes(15));
        var state = Online(Settle(Cluster().Define(Clone(r => r with { Restart = policy }))));
        RoleReport Failure(ClusterState s) => new("web", "a", s.Roles["web"].Instances["a"].Token, RoleReportKind.Failed, "p", "exited");
        state = state.Run(FailoverDecisions.OnReport(state, View(), Failure(state), T0));

        var oneTickEarly = FailoverDecisions.OnReport(state, View(), Failure(state), T0 + policy.Window - TimeSpan.FromTicks(1));
        var atWindow = FailoverDecisions.OnReport(state, View(), Failure(state), T0 + policy.Window);

        Assert.IsType<CloneInstanceFailed>(Assert.Single(oneTickEarly));
        Assert.IsType<CloneInstanceRestarted>(Assert.Single(atWindow));
    }

    [Fact]
    public void OnReport_StaleToken_Ignored()
    {
        var state = Online(Settle(Cluster().Define(Clone())));

        Assert.Empty(FailoverDecisions.OnReport(state, View(), new RoleReport("web", "a", 99, RoleReportKind.Failed, "p", "old"), T0));
    }

    [Fact]
    public void RoleDefined_BecomingAClone_DropsTheOwner()
    {
        var state = Cluster().Define(Role("web")).Own("web", "a");

        var after = Settle(state.Define(Clone()));

        Assert.Null(after.Roles["web"].Owner);
        Assert.Equal(3, after.Roles["web"].Instances.Count);
    }
}
