using Understudy.Core.Membership;

namespace Understudy.Core.Database;

/// <summary>An operator resumed a paused node; with <paramref name="Failback"/> the roles drained
/// from it move back, without it they stay where they are.</summary>
public sealed record NodeResumed(DateTimeOffset At, string Node, bool Failback) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        var node = state.NodeOrJoining(Node);
        if (node.State != NodeState.Paused && !node.PauseKept)
        {
            return state;
        }

        // A node resumed while Down stays Down; it comes back Up, no longer paused.
        var next = state.WithNode(node.State == NodeState.Paused
            ? node with { State = NodeState.Up, Since = At, Reason = "resumed", PauseKept = false }
            : node with { PauseKept = false });
        if (!Failback)
        {
            foreach (var role in next.Roles.Values.Where(r => r.DrainedFrom == Node))
            {
                next = next.WithRole(role with { DrainedFrom = null });
            }
        }

        return next.WithEvent(At, "NodeResumed", null, Node, Failback ? "resumed with failback" : "resumed without failback");
    }
}
