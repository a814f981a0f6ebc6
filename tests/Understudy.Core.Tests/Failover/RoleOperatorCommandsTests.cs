using System.Collections.Immutable;
using Understudy.Core.Clones;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;
using Understudy.Core.Tests.Database;
using static Understudy.Core.Tests.Failover.Roles;

namespace Understudy.Core.Tests.Failover;

/// <summary>An operator's role commands: every refusal with its kind, message and field, and what each accepted call commits.</summary>
public sealed class RoleOperatorCommandsTests
{
    private static readonly DateTimeOffset Now = T0.AddSeconds(5);

    private static ClusterState OnlineOnA(Func<RoleDefinition, RoleDefinition>? with = null, params (string Node, NodeState State)[] nodes) =>
        Cluster(nodes).Define(Role(with: with)).Own("r", "a");

    private static ClusterState PendingOnA() =>
        Cluster().Define(Role()).Run([new RoleOwnerChanged(T0, "r", "a", MoveKind.Place, false, "test")]);

    private static ClusterState Clone(bool stopped = false, RoleState instance = RoleState.Online)
    {
        var instances = ImmutableSortedDictionary.Create<string, CloneInstance>(StringComparer.Ordinal);
        var clone = new RoleStatus
        {
            Definition = Role(with: r => r with { IsClone = true }),
            Stopped = stopped,
            Instances = stopped ? instances : instances.Add("a", new CloneInstance { Node = "a", State = instance, Token = 1 }),
        };
        return Cluster().WithRole(clone);
    }

    [Fact]
    public void Move_NoSuchRole_NotFound() =>
        OperatorAssert.Refused(RoleOperatorCommands.Move(Cluster(), Nodes, "x", "b", Now), RefusalKind.NotFound, "no role named 'x'", "name");

    [Fact]
    public void Move_CloneRole_Refused() =>
        OperatorAssert.Refused(RoleOperatorCommands.Move(Clone(), Nodes, "r", "b", Now), RefusalKind.BadRequest,
            "role 'r' is a clone: it runs on every eligible node and cannot be moved", "name");

    [Fact]
    public void Move_NoTargetAndNoOtherNodeUp_Refused() =>
        OperatorAssert.Refused(RoleOperatorCommands.Move(OnlineOnA(null, ("a", NodeState.Up), ("b", NodeState.Down), ("c", NodeState.Paused)), Nodes, "r", null, Now),
            RefusalKind.BadRequest, "no other node can take the role", "node");

    [Fact]
    public void Move_TargetNotInTheCluster_NotFound() =>
        OperatorAssert.Refused(RoleOperatorCommands.Move(OnlineOnA(), Nodes, "r", "zulu", Now), RefusalKind.NotFound, "'zulu' is not a node of this cluster", "node");

    [Fact]
    public void Move_TargetNotAPossibleOwner_Refused() =>
        OperatorAssert.Refused(RoleOperatorCommands.Move(OnlineOnA(r => r with { PossibleOwners = ["a", "b"] }), Nodes, "r", "c", Now),
            RefusalKind.BadRequest, "'c' is not a possible owner of role 'r'", "node");

    [Theory]
    [InlineData(NodeState.Paused)]
    [InlineData(NodeState.Down)]
    public void Move_TargetNotUp_RefusedNamingItsState(NodeState state) =>
        OperatorAssert.Refused(RoleOperatorCommands.Move(OnlineOnA(null, ("a", NodeState.Up), ("b", state), ("c", NodeState.Up)), Nodes, "r", "b", Now),
            RefusalKind.BadRequest, $"node 'b' is {state}, not Up", "node");

    [Fact]
    public void Move_TargetNeverHeard_RefusedAsJoining() =>
        OperatorAssert.Refused(RoleOperatorCommands.Move(OnlineOnA(null, ("a", NodeState.Up), ("b", NodeState.Up)), Nodes, "r", "c", Now),
            RefusalKind.BadRequest, "node 'c' is Joining, not Up", "node");

    [Fact]
    public void Move_OnlineRoleToAnotherNode_AwaitsTheOwnersRelease() =>
        OperatorAssert.Commits(RoleOperatorCommands.Move(OnlineOnA(), Nodes, "r", "c", Now),
            new RoleOwnerChanged(Now, "r", "c", MoveKind.Move, AwaitRelease: true, "moved by operator"));

    [Fact]
    public void Move_NoTarget_PlacementChoosesTheNextNode() =>
        OperatorAssert.Commits(RoleOperatorCommands.Move(OnlineOnA(), Nodes, "r", null, Now),
            new RoleOwnerChanged(Now, "r", "b", MoveKind.Move, AwaitRelease: true, "moved by operator"));

    [Fact]
    public void Move_PendingRole_AwaitsTheOwnersRelease() =>
        OperatorAssert.Commits(RoleOperatorCommands.Move(PendingOnA(), Nodes, "r", "b", Now),
            new RoleOwnerChanged(Now, "r", "b", MoveKind.Move, AwaitRelease: true, "moved by operator"));

    [Fact]
    public void Move_RoleWithoutOwner_DoesNotAwaitARelease() =>
        OperatorAssert.Commits(RoleOperatorCommands.Move(Cluster().Define(Role()), Nodes, "r", "b", Now),
            new RoleOwnerChanged(Now, "r", "b", MoveKind.Move, AwaitRelease: false, "moved by operator"));

    [Fact]
    public void Move_ToItsOnlineOwner_CommitsNothing() =>
        OperatorAssert.Commits(RoleOperatorCommands.Move(OnlineOnA(), Nodes, "r", "a", Now));

    [Fact]
    public void Move_ToItsPendingOwner_CommitsNothing() =>
        OperatorAssert.Commits(RoleOperatorCommands.Move(PendingOnA(), Nodes, "r", "a", Now));

    [Fact]
    public void Move_ToItsOwnerWhileFailed_MovesItThereAgain()
    {
        var failed = OnlineOnA().Run([new RoleFailed(T0, "r", 1, "p", "exit 1")]);
        Assert.True(failed.Roles["r"] is { State: RoleState.Failed, Owner: "a" });

        OperatorAssert.Commits(RoleOperatorCommands.Move(failed, Nodes, "r", "a", Now),
            new RoleOwnerChanged(Now, "r", "a", MoveKind.Move, AwaitRelease: false, "moved by operator"));
    }

    [Fact]
    public void Start_NoSuchRole_NotFound() =>
        OperatorAssert.Refused(RoleOperatorCommands.Start(Cluster(), Nodes, "x", Now), RefusalKind.NotFound, "no role named 'x'", "name");

    [Fact]
    public void Start_OfflineRole_PlacementChoosesTheOwner() =>
        OperatorAssert.Commits(RoleOperatorCommands.Start(Cluster().Define(Role(with: r => r with { PreferredOwners = ["b"] })), Nodes, "r", Now),
            new RoleOwnerChanged(Now, "r", "b", MoveKind.Start, AwaitRelease: false, "started by operator"));

    [Fact]
    public void Start_NoPossibleOwnerUp_Refused() =>
        OperatorAssert.Refused(RoleOperatorCommands.Start(Cluster(("a", NodeState.Down), ("b", NodeState.Paused)).Define(Role()), Nodes, "r", Now),
            RefusalKind.BadRequest, "no possible owner is Up", "name");

    [Fact]
    public void Start_OnlineRole_CommitsNothing() =>
        OperatorAssert.Commits(RoleOperatorCommands.Start(OnlineOnA(), Nodes, "r", Now));

    [Fact]
    public void Start_PendingRole_CommitsNothing() =>
        OperatorAssert.Commits(RoleOperatorCommands.Start(PendingOnA(), Nodes, "r", Now));

    [Fact]
    public void Start_StoppedClone_StartsIt() =>
        OperatorAssert.Commits(RoleOperatorCommands.Start(Clone(stopped: true), Nodes, "r", Now), new CloneStopped(Now, "r", Stopped: false, "started by operator"));

    [Fact]
    public void Start_CloneWithAFailedInstance_StartsItAgain() =>
        OperatorAssert.Commits(RoleOperatorCommands.Start(Clone(instance: RoleState.Failed), Nodes, "r", Now), new CloneStopped(Now, "r", Stopped: false, "started by operator"));

    [Fact]
    public void Start_RunningClone_CommitsNothing() =>
        OperatorAssert.Commits(RoleOperatorCommands.Start(Clone(), Nodes, "r", Now));

    [Fact]
    public void Stop_NoSuchRole_NotFound() =>
        OperatorAssert.Refused(RoleOperatorCommands.Stop(Cluster(), "x", Now), RefusalKind.NotFound, "no role named 'x'", "name");

    [Fact]
    public void Stop_OnlineRole_AwaitsTheOwnersRelease() =>
        OperatorAssert.Commits(RoleOperatorCommands.Stop(OnlineOnA(), "r", Now), new RoleOwnerChanged(Now, "r", null, MoveKind.Stop, AwaitRelease: true, "stopped by operator"));

    [Fact]
    public void Stop_RoleNeverPlaced_StopsWithoutARelease() =>
        OperatorAssert.Commits(RoleOperatorCommands.Stop(Cluster().Define(Role()), "r", Now), new RoleOwnerChanged(Now, "r", null, MoveKind.Stop, AwaitRelease: false, "stopped by operator"));

    [Fact]
    public void Stop_StoppedRole_CommitsNothing()
    {
        var stopped = OnlineOnA().Run(RoleOperatorCommands.Stop(OnlineOnA(), "r", T0).Commands);
        Assert.True(stopped.Roles["r"] is { Stopped: true, Owner: null });

        OperatorAssert.Commits(RoleOperatorCommands.Stop(stopped, "r", Now));
    }

    [Fact]
    public void Stop_RunningClone_StopsIt() =>
        OperatorAssert.Commits(RoleOperatorCommands.Stop(Clone(), "r", Now), new CloneStopped(Now, "r", Stopped: true, "stopped by operator"));

    [Fact]
    public void Stop_StoppedClone_CommitsNothing() =>
        OperatorAssert.Commits(RoleOperatorCommands.Stop(Clone(stopped: true), "r", Now));

    [Fact]
    public void Remove_NoSuchRole_NotFound() =>
        OperatorAssert.Refused(RoleOperatorCommands.Remove(Cluster(), "x", Now), RefusalKind.NotFound, "no role named 'x'", "name");

    [Fact]
    public void Remove_Role_RemovesIt() =>
        OperatorAssert.Commits(RoleOperatorCommands.Remove(OnlineOnA(), "r", Now), new RoleRemoved(Now, "r", "removed through the API"));
}
