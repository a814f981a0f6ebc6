using Understudy.Core.Database;

namespace Understudy.Core.Membership;

/// <summary>The leader heard the node (a new incarnation, or after Joining or Down). A node an
/// operator paused comes back Paused (<see cref="NodeStatus.PauseKept"/>).</summary>
public sealed record NodeUp(DateTimeOffset At, string Node, long Incarnation, int ProcessId, string Reason)
    : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        var node = state.NodeOrJoining(Node);
        var next = state.WithNode(node with
        {
            State = node.PauseKept ? NodeState.Paused : NodeState.Up, Since = At, Incarnation = Incarnation, ProcessId = ProcessId, Reason = node.PauseKept ? $"{Reason}; still paused" : Reason,
        });
        return next.WithEvent(At, "NodeUp", null, Node, node.PauseKept ? $"{Reason}; still paused by operator" : Reason);
    }
}
