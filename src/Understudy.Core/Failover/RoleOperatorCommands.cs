using System.Collections.Immutable;
using Understudy.Core.Clones;
using Understudy.Core.Database;
using Understudy.Core.Membership;

namespace Understudy.Core.Failover;

/// <summary>
/// An operator's changes to a role (<c>understudy role move|start|stop|remove</c>), decided on the
/// leader from its database: the commands to commit, or a <see cref="Refusal"/> naming what is
/// wrong — <see cref="RefusalKind.NotFound"/> when the named role or node does not exist,
/// <see cref="RefusalKind.BadRequest"/> when the cluster's rules refuse the change. A call that
/// asks for what already is commits nothing.
/// </summary>
public static class RoleOperatorCommands
{
    /// <summary>Moves role <paramref name="name"/> to <paramref name="node"/>, or, when null, to the
    /// node <see cref="Placement"/> would choose next.</summary>
    /// <param name="state">The leader's database.</param>
    /// <param name="order">Nodes roles may run on, in cluster-file order.</param>
    /// <param name="name">The role.</param>
    /// <param name="node">The target node, or null for placement's choice.</param>
    /// <param name="now">Leader's clock.</param>
    public static OperatorDecision Move(ClusterState state, ImmutableArray<string> order, string name, string? node, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Roles.TryGetValue(name, out var role))
        {
            return NoRole(name);
        }

        if (role.Definition.IsClone)
        {
            return Refusal.BadRequest($"role '{name}' is a clone: it runs on every eligible node and cannot be moved", "name");
        }

        var target = node ?? Placement.Choose(role.Definition, state, order, role.Owner, Owners(state));
        if (target is null)
        {
            return Refusal.BadRequest("no other node can take the role", "node");
        }

        if (!order.Contains(target))
        {
            return Refusal.NotFound($"'{target}' is not a node of this cluster", "node");
        }

        if (!Placement.Preference(role.Definition, order).Contains(target))
        {
            return Refusal.BadRequest($"'{target}' is not a possible owner of role '{name}'", "node");
        }

        var targetState = state.NodeOrJoining(target).State;
        if (targetState != NodeState.Up)
        {
            return Refusal.BadRequest($"node '{target}' is {targetState}, not Up", "node");
        }

        return target == role.Owner && role.State is RoleState.Online or RoleState.Pending
            ? OperatorDecision.Nothing
            : OperatorDecision.Commit(new RoleOwnerChanged(now, name, target, MoveKind.Move, AwaitRelease: MayBeRunning(role), "moved by operator"));
    }

    /// <summary>Starts role <paramref name="name"/> on the node <see cref="Placement"/> chooses; for
    /// a clone role, lets its instances start again (Failed ones included).</summary>
    /// <param name="state">The leader's database.</param>
    /// <param name="order">Nodes roles may run on, in cluster-file order.</param>
    /// <param name="name">The role.</param>
    /// <param name="now">Leader's clock.</param>
    public static OperatorDecision Start(ClusterState state, ImmutableArray<string> order, string name, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Roles.TryGetValue(name, out var role))
        {
            return NoRole(name);
        }

        if (role.Definition.IsClone)
        {
            return role.Stopped || role.Instances.Values.Any(i => i.State == RoleState.Failed)
                ? OperatorDecision.Commit(new CloneStopped(now, name, Stopped: false, "started by operator"))
                : OperatorDecision.Nothing;
        }

        if (role.State is RoleState.Online or RoleState.Pending)
        {
            return OperatorDecision.Nothing;
        }

        return Placement.Choose(role.Definition, state, order, null, Owners(state)) is { } target
            ? OperatorDecision.Commit(new RoleOwnerChanged(now, name, target, MoveKind.Start, AwaitRelease: false, "started by operator"))
            : Refusal.BadRequest("no possible owner is Up", "name");
    }

    /// <summary>Stops role <paramref name="name"/> (every instance, for a clone role); it stays
    /// stopped until started.</summary>
    /// <param name="state">The leader's database.</param>
    /// <param name="name">The role.</param>
    /// <param name="now">Leader's clock.</param>
    public static OperatorDecision Stop(ClusterState state, string name, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Roles.TryGetValue(name, out var role))
        {
            return NoRole(name);
        }

        if (role.Definition.IsClone)
        {
            return role.Stopped
                ? OperatorDecision.Nothing
                : OperatorDecision.Commit(new CloneStopped(now, name, Stopped: true, "stopped by operator"));
        }

        return role.Stopped && role.Owner is null
            ? OperatorDecision.Nothing
            : OperatorDecision.Commit(new RoleOwnerChanged(now, name, null, MoveKind.Stop, AwaitRelease: MayBeRunning(role), "stopped by operator"));
    }

    /// <summary>Removes role <paramref name="name"/>; its owner stops it.</summary>
    /// <param name="state">The leader's database.</param>
    /// <param name="name">The role.</param>
    /// <param name="now">Leader's clock.</param>
    public static OperatorDecision Remove(ClusterState state, string name, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Roles.ContainsKey(name)
            ? OperatorDecision.Commit(new RoleRemoved(now, name, "removed through the API"))
            : NoRole(name);
    }

    private static Refusal NoRole(string name) => Refusal.NotFound($"no role named '{name}'", "name");

    private static Dictionary<string, string?> Owners(ClusterState state) =>
        state.Roles.Values.ToDictionary(r => r.Name, r => r.Owner, StringComparer.Ordinal);

    // The current owner may still run it: the new owner waits until it says it stopped, or, if it
    // is down, until the leader knows its lease has expired (FailoverDecisions releases it then).
    private static bool MayBeRunning(RoleStatus role) =>
        role.Owner is not null && role.State is RoleState.Pending or RoleState.Online;
}
