using Understudy.Core.Database;

namespace Understudy.Core.Membership;

/// <summary>
/// The node left unplanned too often (<see cref="QuarantineRule"/>): it is kept Paused — no
/// roles, no NLB buckets — until <paramref name="Until"/>, even through restarts. A Down node
/// stays Down and comes back Paused.
/// </summary>
public sealed record NodeQuarantined(DateTimeOffset At, string Node, DateTimeOffset Until, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        var node = state.NodeOrJoining(Node);
        if (node.QuarantinedUntil is not null)
        {
            return state;
        }

        var kept = node.State == NodeState.Up ? node with { State = NodeState.Paused, Since = At, Reason = $"quarantined: {Reason}" } : node;
        return state.WithNode(kept with { QuarantinedUntil = Until }).WithEvent(At, "NodeQuarantined", null, Node, $"{Reason}; kept out until {Until:u}");
    }
}
