using Understudy.Core.Failover;

namespace Understudy.Core.Database;

/// <summary>
/// A leader's first command in its term: "I lead term <paramref name="Term"/>". Nodes note when
/// they first saw it; a successor elected in the very next term uses that to bound what the
/// predecessor could still hold (<see cref="LeaseRule.PredecessorSurelyExpired"/>).
/// </summary>
public sealed record LeaderElected(DateTimeOffset At, string Node, long Term) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state) => state.Leadership is { } current && current.Term >= Term
        ? state
        : (state with { Leadership = new Leadership(Node, Term) }).WithEvent(At, "LeaderElected", null, Node, $"leads term {Term}");
}
