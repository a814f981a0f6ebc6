using System.Buffers;
using System.Text;
using Understudy.Core.Database;
using Understudy.Core.Membership;
using Understudy.Node.Database;

namespace Understudy.Node.Tests.Database;

/// <summary>The state machine's step never throws: bad entries are refused the same on every node.</summary>
public sealed class ClusterStateMachineTests
{
    private static ReadOnlySequence<byte> Bytes(string json) => new(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Next_MemberStateWithoutNode_RefusedAndVersionAdvances()
    {
        var next = ClusterStateMachine.Next(ClusterState.Empty, Bytes("""{"type":"nlbMemberState","at":"2026-12-02T03:00:00Z","state":"stopped","reason":"poison"}"""), 7);

        Assert.Equal(7, next.Version);
        Assert.Equal(ClusterState.CommandRefusedKind, next.Events[^1].Kind);
        Assert.Empty(next.Nlb.Members);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"noSuchCommand"}""")]
    [InlineData("null")]
    public void Next_UnreadableEntry_Refused(string json)
    {
        var next = ClusterStateMachine.Next(ClusterState.Empty, Bytes(json), 3);

        Assert.Equal(3, next.Version);
        Assert.Equal(ClusterState.CommandRefusedKind, next.Events[^1].Kind);
    }

    [Fact]
    public void Next_GoodEntryAfterRefusedOne_Applies()
    {
        var refused = ClusterStateMachine.Next(ClusterState.Empty, Bytes("""{"type":"nlbWeight","at":"2026-12-02T03:00:00Z","rule":"web","weight":5}"""), 1);

        var next = ClusterStateMachine.Next(refused, Bytes("""{"type":"nodeUp","at":"2026-12-02T03:00:01Z","node":"n1","incarnation":1,"processId":10,"reason":"first heartbeat"}"""), 2);

        Assert.Equal(NodeState.Up, next.Nodes["n1"].State);
        Assert.Equal(2, next.Version);
    }
}
