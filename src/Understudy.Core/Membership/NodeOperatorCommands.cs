using System.Collections.Immutable;
using Understudy.Core.Database;

namespace Understudy.Core.Membership;

/// <summary>
/// An operator's changes to a node (<c>understudy node pause|resume|clear-quarantine</c>), decided
/// on the leader from its database: the command to commit, or a <see cref="Refusal"/> —
/// <see cref="RefusalKind.NotFound"/> for a node neither in the cluster file nor in the database,
/// <see cref="RefusalKind.BadRequest"/> for a node not in the state the change needs.
/// </summary>
public static class NodeOperatorCommands
{
    /// <summary>Pauses <paramref name="name"/>, which must be Up: its roles drain to other nodes.</summary>
    /// <param name="state">The leader's database.</param>
    /// <param name="order">Nodes roles may run on, in cluster-file order.</param>
    /// <param name="name">The node.</param>
    /// <param name="now">Leader's clock.</param>
    public static OperatorDecision Pause(ClusterState state, ImmutableArray<string> order, string name, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!Exists(state, order, name))
        {
            return NoNode(name);
        }

        return state.NodeOrJoining(name).State == NodeState.Up
            ? OperatorDecision.Commit(new NodePaused(now, name))
            : Refusal.BadRequest($"node '{name}' is not Up", "name");
    }

    /// <summary>Resumes <paramref name="name"/>, which must be Paused or kept paused through a
    /// restart or a Down (<see cref="NodeStatus.PauseKept"/>).</summary>
    /// <param name="state">The leader's database.</param>
    /// <param name="order">Nodes roles may run on, in cluster-file order.</param>
    /// <param name="name">The node.</param>
    /// <param name="failback">Move the roles drained from it back.</param>
    /// <param name="now">Leader's clock.</param>
    public static OperatorDecision Resume(ClusterState state, ImmutableArray<string> order, string name, bool failback, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!Exists(state, order, name))
        {
            return NoNode(name);
        }

        return state.NodeOrJoining(name) is { State: NodeState.Paused } or { PauseKept: true }
            ? OperatorDecision.Commit(new NodeResumed(now, name, failback))
            : Refusal.BadRequest($"node '{name}' is not Paused", "name");
    }

    /// <summary>Lifts <paramref name="name"/>'s quarantine. A node the database does not know is
    /// not quarantined, so the refusal is the same as for a known one.</summary>
    /// <param name="state">The leader's database.</param>
    /// <param name="name">The node.</param>
    /// <param name="now">Leader's clock.</param>
    public static OperatorDecision ClearQuarantine(ClusterState state, string name, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.NodeOrJoining(name).QuarantinedUntil is not null
            ? OperatorDecision.Commit(new NodeQuarantineLifted(now, name, "quarantine cleared by operator"))
            : Refusal.BadRequest($"node '{name}' is not quarantined", "name");
    }

    private static bool Exists(ClusterState state, ImmutableArray<string> order, string name) =>
        order.Contains(name) || state.Nodes.ContainsKey(name);

    private static Refusal NoNode(string name) => Refusal.NotFound($"no node named '{name}'", "name");
}
