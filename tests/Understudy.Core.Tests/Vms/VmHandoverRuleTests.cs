using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;
using Understudy.Core.Tests.Failover;
using Understudy.Core.Vms;

namespace Understudy.Core.Tests.Vms;

public sealed class VmHandoverRuleTests
{
    // Role r runs on a under token 1; a planned move to b commits token 2 awaiting a's release.
    private static ClusterState Moved(MoveKind kind = MoveKind.Move, bool awaitRelease = true, params (string Node, NodeState State)[] nodes) =>
        Roles.Cluster(nodes).Define(Roles.Role()).Own("r", "a").Run([new RoleOwnerChanged(Roles.T0, "r", "b", kind, awaitRelease, "test")]);

    [Theory]
    [InlineData(MoveKind.Move)]
    [InlineData(MoveKind.Drain)]
    [InlineData(MoveKind.Failback)]
    public void PlannedMove_RunningQemu_MigratesToTheNewOwnerUnderItsToken(MoveKind kind)
    {
        var decision = VmHandoverRule.OnStop(Moved(kind), "r", "a", runToken: 1, driverCanMigrate: true, vmRunning: true, holdsLease: true);

        Assert.Equal(new VmHandover(VmHandoverKind.Migrate, "b", 2, "planned move to b (token 2)"), decision);
    }

    [Fact]
    public void DriverCannotMigrate_Restart() =>
        Assert.Equal(VmHandoverKind.Restart, VmHandoverRule.OnStop(Moved(), "r", "a", 1, driverCanMigrate: false, vmRunning: true, holdsLease: true).Kind);

    [Fact]
    public void VmNotRunning_Restart() =>
        Assert.Equal(VmHandover.Restart("the VM is not running"), VmHandoverRule.OnStop(Moved(), "r", "a", 1, true, vmRunning: false, holdsLease: true));

    [Fact]
    public void NoLease_Restart() =>
        Assert.Equal(VmHandover.Restart("this node holds no lease"), VmHandoverRule.OnStop(Moved(), "r", "a", 1, true, true, holdsLease: false));

    [Fact]
    public void UnplannedFailover_NotAwaitingRelease_Restart() =>
        Assert.Equal(VmHandover.Restart("not a planned move from this node"), VmHandoverRule.OnStop(Moved(MoveKind.Failover, awaitRelease: false), "r", "a", 1, true, true, true));

    [Fact]
    public void RoleStopped_NoOwner_Restart()
    {
        var state = Roles.Cluster().Define(Roles.Role()).Own("r", "a").Run([new RoleOwnerChanged(Roles.T0, "r", null, MoveKind.Stop, true, "test")]);

        Assert.Equal(VmHandover.Restart("the role has no other owner"), VmHandoverRule.OnStop(state, "r", "a", 1, true, true, true));
    }

    [Fact]
    public void RestartInPlace_SameOwner_Restart() =>
        Assert.Equal(VmHandover.Restart("the role has no other owner"), VmHandoverRule.OnStop(Roles.Cluster().Define(Roles.Role()).Own("r", "a"), "r", "a", 1, true, true, true));

    [Fact]
    public void StaleRunToken_NotThisRunsMove_Restart() =>
        Assert.Equal(VmHandoverKind.Restart, VmHandoverRule.OnStop(Moved(), "r", "a", runToken: 2, true, true, true).Kind);

    [Fact]
    public void TargetNotUp_Restart() =>
        Assert.Equal(
            VmHandover.Restart("the new owner b is not Up"),
            VmHandoverRule.OnStop(Moved(MoveKind.Move, true, ("a", NodeState.Up), ("b", NodeState.Down), ("c", NodeState.Up)), "r", "a", 1, true, true, true));

    [Fact]
    public void UnknownRole_Restart() =>
        Assert.Equal(VmHandoverKind.Restart, VmHandoverRule.OnStop(Moved(), "other", "a", 1, true, true, true).Kind);

    [Fact]
    public void Target_CommittedOwnerAwaitingTheSource_Accepts()
    {
        Assert.Null(VmHandoverRule.RefuseIncoming(Moved(), "r", "b", "a", 2, holdsLease: true));

        // Still wanted once the source released.
        Assert.Null(VmHandoverRule.RefuseIncoming(Moved().Run([new RoleReleased(Roles.T0, "r", "a", "test")]), "r", "b", "a", 2, true));
    }

    [Fact]
    public void Target_Refuses_WhenNotItsOwnershipOrNoLease()
    {
        Assert.Equal("this node holds no lease", VmHandoverRule.RefuseIncoming(Moved(), "r", "b", "a", 2, holdsLease: false));
        Assert.Equal("role r is not this node's under token 3 (owner b, token 2)", VmHandoverRule.RefuseIncoming(Moved(), "r", "b", "a", 3, true));
        Assert.Equal("role r is not this node's under token 2 (owner b, token 2)", VmHandoverRule.RefuseIncoming(Moved(), "r", "c", "a", 2, true));
        Assert.Equal("role r awaits a release from a, not c", VmHandoverRule.RefuseIncoming(Moved(), "r", "b", "c", 2, true));
        Assert.Equal("no role named 'x'", VmHandoverRule.RefuseIncoming(Moved(), "x", "b", "a", 2, true));
    }
}
