namespace Understudy.Core.Membership;

/// <summary>The leader heard the node (a new incarnation, or after Joining or Down).</summary>
public sealed record NodeUp(DateTimeOffset At, string Node, long Incarnation, int ProcessId, string Reason)
    : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state) => state.WithNode(state.NodeOrJoining(Node) with
    {
        State = NodeState.Up, Since = At, Incarnation = Incarnation, ProcessId = ProcessId, Reason = Reason,
    }).WithEvent(At, "NodeUp", null, Node, Reason);
}
