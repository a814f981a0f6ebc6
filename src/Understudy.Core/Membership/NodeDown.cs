using Understudy.Core.Database;

namespace Understudy.Core.Membership;

/// <summary>The leader's failure detector declared the node dead.</summary>
public sealed record NodeDown(DateTimeOffset At, string Node, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state) => state.WithNode(state.NodeOrJoining(Node) with
    {
        State = NodeState.Down, Since = At, Reason = Reason,
    }).WithEvent(At, "NodeDown", null, Node, Reason);
}
