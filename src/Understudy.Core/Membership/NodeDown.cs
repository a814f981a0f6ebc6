using Understudy.Core.Database;

namespace Understudy.Core.Membership;

/// <summary>The leader's failure detector declared the node dead.</summary>
public sealed record NodeDown(DateTimeOffset At, string Node, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        var node = state.NodeOrJoining(Node);
        var left = node.State is NodeState.Up or NodeState.Paused ? node.WithDeparture(At) : node;
        return state.WithNode(left with { State = NodeState.Down, Since = At, Reason = Reason }).WithEvent(At, "NodeDown", null, Node, Reason);
    }
}
