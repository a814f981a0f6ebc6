using Understudy.Core.Database;

namespace Understudy.Core.Membership;

/// <summary>The node's quarantine ended or an operator cleared it (<c>understudy node
/// clear-quarantine</c>): its departures are forgotten, and a node Paused only by the quarantine
/// is Up again (one an operator paused stays Paused).</summary>
public sealed record NodeQuarantineLifted(DateTimeOffset At, string Node, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        var node = state.NodeOrJoining(Node);
        if (node.QuarantinedUntil is null)
        {
            return state;
        }

        var lifted = node with { QuarantinedUntil = null, Departures = [] };
        if (node.State == NodeState.Paused && !node.PauseKept)
        {
            lifted = lifted with { State = NodeState.Up, Since = At, Reason = Reason };
        }

        return state.WithNode(lifted).WithEvent(At, "NodeQuarantineLifted", null, Node, Reason);
    }
}
