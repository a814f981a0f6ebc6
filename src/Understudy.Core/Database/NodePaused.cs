using Understudy.Core.Membership;

namespace Understudy.Core.Database;

/// <summary>An operator paused the node: its roles drain to other nodes and it takes no new ones.</summary>
public sealed record NodePaused(DateTimeOffset At, string Node) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        var node = state.NodeOrJoining(Node);
        return node.State != NodeState.Up
            ? state
            : state.WithNode(node with { State = NodeState.Paused, Since = At, Reason = "paused", PauseKept = true }).WithEvent(At, "NodePaused", null, Node, "paused by operator");
    }
}
