using System.Collections.Immutable;
using Understudy.Core.Clones;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using static Understudy.Core.Tests.Failover.Roles;

namespace Understudy.Core.Tests.Failover;

/// <summary>What node a runs (its database says: incarnation 1) and the steps from what runs there.</summary>
public sealed class LocalPlanTests
{
    private static readonly LocalNode A = new("a", 1, "10.0.0.1");

    private static readonly ImmutableDictionary<string, LocalRun> NothingRuns = ImmutableDictionary<string, LocalRun>.Empty;

    private static readonly ImmutableHashSet<string> NothingStops = [];

    private static RoleDefinition WebDefinition() => Role("web", r => r with
    {
        IsClone = true,
        Resources =
        [
            new ResourceDefinition
            {
                Name = "server",
                Kind = ResourceKind.Process,
                Process = new ProcessSpec("serve", ["--listen", "${nodeAddress}:80"], ImmutableSortedDictionary<string, string>.Empty.Add("BIND", "${nodeAddress}"), null, 15, TimeSpan.FromSeconds(1)),
            },
            new ResourceDefinition { Name = "check", Kind = ResourceKind.Probe, Probe = ProbeSpec.Http("http://${nodeAddress}:80/health") },
        ],
    });

    // Clone role "web" with instances on a and b (tokens 1 and 2), both Online.
    private static ClusterState WithWeb(ClusterState state) => state.Define(WebDefinition()).Run(
    [
        new CloneInstanceStarted(T0, "web", "a", "eligible"),
        new CloneInstanceStarted(T0, "web", "b", "eligible"),
        new CloneInstanceOnline(T0, "web", "a", 1),
        new CloneInstanceOnline(T0, "web", "b", 2),
    ]);

    // Role "r" Online on a, token 1.
    private static ClusterState OwnsR() => Cluster().Define(Role()).Own("r", "a");

    private static readonly RoleKey RKey = new("r", 1, 0, 0);

    // The run of "r" (token 1) as the plan gives it: the database's own definition.
    private static DesiredRun R(ClusterState state, bool pending = false) => new(RKey, state.Roles["r"].Definition, pending, IsClone: false);

    [Fact]
    public void Runs_OwnedOnlineRoleWithLease_Desired()
    {
        var state = OwnsR();

        Assert.Equal([KeyValuePair.Create("r", R(state))], LocalPlan.Runs(state, A, leaseHeld: true));
    }

    [Fact]
    public void Runs_OwnedPendingRole_DesiredPending()
    {
        var pending = Cluster().Define(Role()).Run([new RoleOwnerChanged(T0, "r", "a", MoveKind.Place, false, "placed")]);

        Assert.Equal([KeyValuePair.Create("r", R(pending, pending: true))], LocalPlan.Runs(pending, A, leaseHeld: true));
    }

    [Fact]
    public void Runs_LeaseNotHeld_NoOwnedRole() => Assert.Empty(LocalPlan.Runs(OwnsR(), A, leaseHeld: false));

    [Theory]
    [InlineData(0)] // the database still records an earlier process of node a
    [InlineData(2)] // this process is older than the one recorded (it is about to learn it was replaced)
    public void Runs_IncarnationNotRecorded_NothingEvenClones(long incarnation) =>
        Assert.Empty(LocalPlan.Runs(WithWeb(OwnsR()), A with { Incarnation = incarnation }, leaseHeld: true));

    [Fact]
    public void Runs_NodeNotInTheDatabase_Nothing() =>
        Assert.Empty(LocalPlan.Runs(WithWeb(OwnsR()), new LocalNode("d", 1, "10.0.0.4"), leaseHeld: true));

    [Fact]
    public void IsRecorded_SameIncarnation_True() => Assert.True(LocalPlan.IsRecorded(OwnsR(), A));

    [Fact]
    public void IsRecorded_OtherIncarnation_False() => Assert.False(LocalPlan.IsRecorded(OwnsR(), A with { Incarnation = 2 }));

    [Fact]
    public void Runs_AwaitingAPreviousOwnersRelease_NotYet()
    {
        var moved = Cluster().Define(Role()).Own("r", "b").Run([new RoleOwnerChanged(T0, "r", "a", MoveKind.Move, AwaitRelease: true, "moved")]);
        Assert.Equal("b", moved.Roles["r"].AwaitingRelease);

        Assert.Empty(LocalPlan.Runs(moved, A, leaseHeld: true));
    }

    [Fact]
    public void Runs_RoleOfAnotherNode_NotDesired() =>
        Assert.Empty(LocalPlan.Runs(Cluster().Define(Role()).Own("r", "b"), A, leaseHeld: true));

    [Fact]
    public void Runs_FailedRole_NotDesired() =>
        Assert.Empty(LocalPlan.Runs(OwnsR().Run([new RoleFailed(T0, "r", 1, "p", "exit 1")]), A, leaseHeld: true));

    [Fact]
    public void Runs_StoppedRole_NotDesired() =>
        Assert.Empty(LocalPlan.Runs(OwnsR().Run([new RoleOwnerChanged(T0, "r", null, MoveKind.Stop, false, "stopped")]), A, leaseHeld: true));

    [Fact]
    public void Runs_CloneInstance_ItsTokenAndTheNodesAddress()
    {
        var run = Assert.Single(LocalPlan.Runs(WithWeb(Cluster()), A, leaseHeld: true)).Value;

        Assert.Equal(new RoleKey("web", 1, 0, 0), run.Key);
        Assert.False(run.Pending);
        Assert.True(run.IsClone);
        var server = run.Definition.Resources[0].Process!;
        Assert.Equal(["--listen", "10.0.0.1:80"], server.Arguments);
        Assert.Equal(new Dictionary<string, string> { ["BIND"] = "10.0.0.1", [NodeAddressToken.Variable] = "10.0.0.1" }, server.Environment);
        Assert.Equal("http://10.0.0.1:80/health", run.Definition.Resources[1].Probe!.HttpUrl);
    }

    [Fact]
    public void Runs_CloneInstanceWithoutLease_StillDesired() =>
        Assert.Equal(["web"], LocalPlan.Runs(WithWeb(OwnsR()), A, leaseHeld: false).Keys);

    [Fact]
    public void Runs_PendingCloneInstance_DesiredPending()
    {
        var state = Cluster().Define(WebDefinition()).Run([new CloneInstanceStarted(T0, "web", "a", "eligible")]);

        Assert.True(Assert.Single(LocalPlan.Runs(state, A, leaseHeld: true)).Value.Pending);
    }

    [Fact]
    public void Runs_StoppedClone_Nothing() =>
        Assert.Empty(LocalPlan.Runs(WithWeb(Cluster()).Run([new CloneStopped(T0, "web", Stopped: true, "stopped")]), A, leaseHeld: true));

    [Fact]
    public void Runs_FailedCloneInstance_Nothing() =>
        Assert.Empty(LocalPlan.Runs(WithWeb(Cluster()).Run([new CloneInstanceFailed(T0, "web", "a", 1, "server", "exit 1")]), A, leaseHeld: true));

    [Fact]
    public void Runs_CloneInstanceOnlyOnOtherNodes_Nothing() =>
        Assert.Empty(LocalPlan.Runs(WithWeb(Cluster()).Run([new CloneInstanceRemoved(T0, "web", "a", "paused")]), A, leaseHeld: true));

    [Fact]
    public void For_DesiredRunNotRunning_Starts()
    {
        var state = OwnsR();
        var plan = LocalPlan.For(state, A, leaseHeld: true, NothingRuns, NothingStops);

        Assert.Equal([R(state)], plan.Start);
        Assert.Empty(plan.Stop);
        Assert.Empty(plan.Release);
    }

    [Fact]
    public void For_DesiredRunRunning_Kept()
    {
        var state = OwnsR();
        var plan = LocalPlan.For(state, A, leaseHeld: true, NothingRuns.Add("r", new LocalRun(RKey)), NothingStops);

        Assert.Empty(plan.Start);
        Assert.Empty(plan.Stop);
        Assert.Equal(R(state), plan.Desired["r"]);
    }

    [Fact]
    public void For_RoleMovedAway_StopsItNoLongerThisNodes()
    {
        var moved = OwnsR().Run([new RoleOwnerChanged(T0, "r", "b", MoveKind.Move, AwaitRelease: true, "moved")]);

        var plan = LocalPlan.For(moved, A, leaseHeld: true, NothingRuns.Add("r", new LocalRun(RKey)), NothingStops);

        Assert.Equal([new RunStop(RKey, RunStopReason.NotThisNodes)], plan.Stop);
        Assert.Empty(plan.Start);
        Assert.Empty(plan.Release); // not until the run has stopped
    }

    [Fact]
    public void For_LeaseLost_StopsItLeaseNotHeld()
    {
        var plan = LocalPlan.For(OwnsR(), A, leaseHeld: false, NothingRuns.Add("r", new LocalRun(RKey)), NothingStops);

        Assert.Equal([new RunStop(RKey, RunStopReason.LeaseNotHeld)], plan.Stop);
        Assert.Empty(plan.Start);
    }

    [Fact]
    public void For_LeaseLost_CloneInstanceKept()
    {
        var plan = LocalPlan.For(WithWeb(Cluster()), A, leaseHeld: false, NothingRuns.Add("web", new LocalRun(new RoleKey("web", 1, 0, 0))), NothingStops);

        Assert.Empty(plan.Stop);
        Assert.Empty(plan.Start);
    }

    [Fact]
    public void For_NewIncarnationNotYetRecorded_StopsEverythingLeaseNotHeld()
    {
        var plan = LocalPlan.For(WithWeb(OwnsR()), A with { Incarnation = 2 }, leaseHeld: true,
            NothingRuns.Add("r", new LocalRun(RKey)).Add("web", new LocalRun(new RoleKey("web", 1, 0, 0))), NothingStops);

        Assert.Equal([new RunStop(RKey, RunStopReason.LeaseNotHeld), new RunStop(new RoleKey("web", 1, 0, 0), RunStopReason.LeaseNotHeld)], plan.Stop);
        Assert.Empty(plan.Desired);
    }

    [Fact]
    public void For_RestartedInPlace_ReplacedAndTheNewRunWaitsForTheStop()
    {
        var restarted = OwnsR().Run([new RoleRestarted(T0, "r", 1, "p", "exit 1")]);
        var next = new RoleKey("r", 1, 0, 1);
        Assert.Equal(next, LocalPlan.Runs(restarted, A, leaseHeld: true)["r"].Key);

        var stopping = LocalPlan.For(restarted, A, leaseHeld: true, NothingRuns.Add("r", new LocalRun(RKey)), NothingStops);
        var stopped = LocalPlan.For(restarted, A, leaseHeld: true, NothingRuns, NothingStops.Add("r"));
        var started = LocalPlan.For(restarted, A, leaseHeld: true, NothingRuns, NothingStops);

        Assert.Equal([new RunStop(RKey, RunStopReason.Replaced)], stopping.Stop);
        Assert.Empty(stopping.Start);
        Assert.Empty(stopped.Start);
        Assert.Equal([next], started.Start.Select(s => s.Key));
    }

    [Fact]
    public void For_FailedRunRestartedInPlace_ReplacedAndTheNewRunStartsAtOnce()
    {
        var restarted = OwnsR().Run([new RoleRestarted(T0, "r", 1, "p", "exit 1")]);

        var plan = LocalPlan.For(restarted, A, leaseHeld: true, NothingRuns.Add("r", new LocalRun(RKey, Stopped: true)), NothingStops);

        Assert.Equal([new RunStop(RKey, RunStopReason.Replaced)], plan.Stop);
        Assert.Equal([new RoleKey("r", 1, 0, 1)], plan.Start.Select(s => s.Key));
    }

    [Fact]
    public void For_FailedRunKept_NotStartedAgain()
    {
        var plan = LocalPlan.For(OwnsR(), A, leaseHeld: true, NothingRuns.Add("r", new LocalRun(RKey, Stopped: true)), NothingStops);

        Assert.Empty(plan.Stop);
        Assert.Empty(plan.Start);
    }

    [Fact]
    public void For_AwaitedReleaseOfAFailedRun_ReleasedAsItLeaves()
    {
        var moved = OwnsR().Run([new RoleOwnerChanged(T0, "r", "b", MoveKind.Move, AwaitRelease: true, "moved")]);

        var plan = LocalPlan.For(moved, A, leaseHeld: true, NothingRuns.Add("r", new LocalRun(RKey, Stopped: true)), NothingStops);

        Assert.Equal([new RunStop(RKey, RunStopReason.NotThisNodes)], plan.Stop);
        Assert.Equal([moved.Roles["r"]], plan.Release);
    }

    [Fact]
    public void For_AwaitedReleaseNothingRuns_Released()
    {
        var moved = OwnsR().Run([new RoleOwnerChanged(T0, "r", "b", MoveKind.Move, AwaitRelease: true, "moved")]);

        var plan = LocalPlan.For(moved, A, leaseHeld: true, NothingRuns, NothingStops);

        Assert.Equal([moved.Roles["r"]], plan.Release);
    }

    [Fact]
    public void For_AwaitedReleaseStillStopping_NotYet()
    {
        var moved = OwnsR().Run([new RoleOwnerChanged(T0, "r", "b", MoveKind.Move, AwaitRelease: true, "moved")]);

        Assert.Empty(LocalPlan.For(moved, A, leaseHeld: true, NothingRuns, NothingStops.Add("r")).Release);
    }

    [Fact]
    public void For_ReleaseAwaitedFromAnotherNode_NotThisNodesToReport()
    {
        var toA = Cluster().Define(Role()).Own("r", "b").Run([new RoleOwnerChanged(T0, "r", "a", MoveKind.Move, AwaitRelease: true, "moved")]);

        var plan = LocalPlan.For(toA, A, leaseHeld: true, NothingRuns, NothingStops);

        Assert.Empty(plan.Release);
        Assert.Empty(plan.Start);
    }
}
