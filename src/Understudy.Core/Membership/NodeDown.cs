using Understudy.Core.Database;

namespace Understudy.Core.Membership;

/// <summary>The leader's failure detector declared the node dead. A departure, unless an operator
/// had paused the node (<see cref="NodeStatus.PauseKept"/>): stopping a paused node is planned.</summary>
public sealed record NodeDown(DateTimeOffset At, string Node, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        var node = state.NodeOrJoining(Node);
        var left = node.Leaving(At);
        return state.WithNode(left with { State = NodeState.Down, Since = At, Reason = Reason }).WithEvent(At, "NodeDown", null, Node, Reason);
    }
}
