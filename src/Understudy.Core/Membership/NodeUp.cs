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
        var seen = state.NodeOrJoining(Node);

        // A new incarnation of a node that was Up left without a committed Down: a restart
        // quicker than the detector, unplanned as far as the cluster knows — unless an operator
        // had paused it (planned maintenance, as an upgrade's restart is).
        var restarted = seen.Incarnation is { } previous && previous != Incarnation;
        var node = restarted ? seen.Leaving(At) : seen;
        var quarantined = node.QuarantinedUntil is { } until ? $"; quarantined until {until:u}" : null;
        var kept = node.PauseKept ? "; still paused by operator" : quarantined;
        var next = state.WithNode(node with
        {
            State = kept is null ? NodeState.Up : NodeState.Paused, Since = At, Incarnation = Incarnation, ProcessId = ProcessId, Reason = Reason + kept,
        });
        next = next.WithEvent(At, "NodeUp", null, Node, Reason + kept);
        return restarted ? Failover.IncarnationTokens.Renew(next, Node, At) : next;
    }
}
