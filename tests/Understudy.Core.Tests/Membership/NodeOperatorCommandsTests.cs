using System.Collections.Immutable;
using Understudy.Core.Database;
using Understudy.Core.Membership;
using Understudy.Core.Tests.Database;
using static Understudy.Core.Tests.Failover.Roles;

namespace Understudy.Core.Tests.Membership;

/// <summary>An operator's node commands: every refusal with its kind, message and field, and what each accepted call commits.</summary>
public sealed class NodeOperatorCommandsTests
{
    private static readonly DateTimeOffset Now = T0.AddSeconds(5);

    [Fact]
    public void Pause_UpNode_PausesIt() =>
        OperatorAssert.Commits(NodeOperatorCommands.Pause(Cluster(), Nodes, "b", Now), new NodePaused(Now, "b"));

    [Theory]
    [InlineData(NodeState.Paused)]
    [InlineData(NodeState.Down)]
    public void Pause_NodeNotUp_Refused(NodeState state) =>
        OperatorAssert.Refused(NodeOperatorCommands.Pause(Cluster(("a", NodeState.Up), ("b", state)), Nodes, "b", Now), RefusalKind.BadRequest, "node 'b' is not Up", "name");

    [Fact]
    public void Pause_FileNodeNeverHeard_RefusedAsNotUp() =>
        OperatorAssert.Refused(NodeOperatorCommands.Pause(Cluster(("a", NodeState.Up)), Nodes, "c", Now), RefusalKind.BadRequest, "node 'c' is not Up", "name");

    [Fact]
    public void Pause_NoSuchNode_NotFound() =>
        OperatorAssert.Refused(NodeOperatorCommands.Pause(Cluster(), Nodes, "zulu", Now), RefusalKind.NotFound, "no node named 'zulu'", "name");

    [Fact]
    public void Pause_NodeOnlyInTheDatabase_Found() =>
        OperatorAssert.Commits(NodeOperatorCommands.Pause(Cluster(), ImmutableArray.Create("a"), "b", Now), new NodePaused(Now, "b"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Resume_PausedNode_ResumesIt(bool failback) =>
        OperatorAssert.Commits(NodeOperatorCommands.Resume(Cluster().Run([new NodePaused(T0, "b")]), Nodes, "b", failback, Now), new NodeResumed(Now, "b", failback));

    [Fact]
    public void Resume_PausedNodeNowDown_ResumesIt()
    {
        var down = Cluster().Run([new NodePaused(T0, "b"), new NodeDown(T0, "b", "missed heartbeats")]);
        Assert.True(down.Nodes["b"] is { State: NodeState.Down, PauseKept: true });

        OperatorAssert.Commits(NodeOperatorCommands.Resume(down, Nodes, "b", failback: false, Now), new NodeResumed(Now, "b", false));
    }

    [Fact]
    public void Resume_UpNode_Refused() =>
        OperatorAssert.Refused(NodeOperatorCommands.Resume(Cluster(), Nodes, "b", failback: false, Now), RefusalKind.BadRequest, "node 'b' is not Paused", "name");

    [Fact]
    public void Resume_NoSuchNode_NotFound() =>
        OperatorAssert.Refused(NodeOperatorCommands.Resume(Cluster(), Nodes, "zulu", failback: true, Now), RefusalKind.NotFound, "no node named 'zulu'", "name");

    [Fact]
    public void ClearQuarantine_QuarantinedNode_LiftsIt() =>
        OperatorAssert.Commits(NodeOperatorCommands.ClearQuarantine(Cluster().Run([new NodeQuarantined(T0, "b", T0.AddMinutes(10), "flapping")]), "b", Now),
            new NodeQuarantineLifted(Now, "b", "quarantine cleared by operator"));

    [Fact]
    public void ClearQuarantine_NodeNotQuarantined_Refused() =>
        OperatorAssert.Refused(NodeOperatorCommands.ClearQuarantine(Cluster(), "b", Now), RefusalKind.BadRequest, "node 'b' is not quarantined", "name");

    [Fact]
    public void ClearQuarantine_NoSuchNode_RefusedAsNotQuarantined() =>
        OperatorAssert.Refused(NodeOperatorCommands.ClearQuarantine(Cluster(), "zulu", Now), RefusalKind.BadRequest, "node 'zulu' is not quarantined", "name");
}
