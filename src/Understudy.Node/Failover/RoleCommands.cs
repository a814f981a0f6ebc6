using System.Collections.Immutable;
using Understudy.Core.Clones;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;
using Understudy.Node.Api;

namespace Understudy.Node.Failover;

/// <summary>Operator actions on roles, as commands (or a refusal naming what is wrong).</summary>
internal static class RoleCommands
{
    public static RoleCommandResult Move(ClusterState state, ImmutableArray<string> order, string name, string? node, DateTimeOffset now)
    {
        if (!state.Roles.TryGetValue(name, out var role))
        {
            return RoleCommandResult.NotFound($"no role named '{name}'", "name");
        }

        if (role.Definition.IsClone)
        {
            return Refuse($"role '{name}' is a clone: it runs on every eligible node and cannot be moved", "name");
        }

        var owners = state.Roles.Values.ToDictionary(r => r.Name, r => r.Owner, StringComparer.Ordinal);
        var target = node ?? Placement.Choose(role.Definition, state, order, role.Owner, owners);
        if (target is null)
        {
            return Refuse("no other node can take the role", "node");
        }

        if (!order.Contains(target))
        {
            return RoleCommandResult.NotFound($"'{target}' is not a node of this cluster", "node");
        }

        if (!Placement.Preference(role.Definition, order).Contains(target))
        {
            return Refuse($"'{target}' is not a possible owner of role '{name}'", "node");
        }

        if (state.NodeOrJoining(target).State != NodeState.Up)
        {
            return Refuse($"node '{target}' is {state.NodeOrJoining(target).State}, not Up", "node");
        }

        return target == role.Owner && role.State is RoleState.Online or RoleState.Pending
            ? ImmutableArray<ClusterCommand>.Empty
            : ImmutableArray.Create<ClusterCommand>(new RoleOwnerChanged(now, name, target, MoveKind.Move, AwaitRelease: Running(role, state), "moved by operator"));
    }

    public static RoleCommandResult Start(ClusterState state, ImmutableArray<string> order, string name, DateTimeOffset now)
    {
        if (!state.Roles.TryGetValue(name, out var role))
        {
            return RoleCommandResult.NotFound($"no role named '{name}'", "name");
        }

        if (role.Definition.IsClone)
        {
            return role.Stopped || role.Instances.Values.Any(i => i.State == RoleState.Failed)
                ? ImmutableArray.Create<ClusterCommand>(new CloneStopped(now, name, Stopped: false, "started by operator"))
                : ImmutableArray<ClusterCommand>.Empty;
        }

        if (role.State is RoleState.Online or RoleState.Pending)
        {
            return ImmutableArray<ClusterCommand>.Empty;
        }

        var owners = state.Roles.Values.ToDictionary(r => r.Name, r => r.Owner, StringComparer.Ordinal);
        return Placement.Choose(role.Definition, state, order, null, owners) is { } target
            ? ImmutableArray.Create<ClusterCommand>(new RoleOwnerChanged(now, name, target, MoveKind.Start, AwaitRelease: false, "started by operator"))
            : Refuse("no possible owner is Up", "name");
    }

    public static RoleCommandResult Stop(ClusterState state, string name, DateTimeOffset now)
    {
        if (!state.Roles.TryGetValue(name, out var role))
        {
            return RoleCommandResult.NotFound($"no role named '{name}'", "name");
        }

        if (role.Definition.IsClone)
        {
            return role.Stopped
                ? ImmutableArray<ClusterCommand>.Empty
                : ImmutableArray.Create<ClusterCommand>(new CloneStopped(now, name, Stopped: true, "stopped by operator"));
        }

        return role.Stopped && role.Owner is null
            ? ImmutableArray<ClusterCommand>.Empty
            : ImmutableArray.Create<ClusterCommand>(new RoleOwnerChanged(now, name, null, MoveKind.Stop, AwaitRelease: Running(role, state), "stopped by operator"));
    }

    // The current owner may still run it: the new owner waits until it says it stopped, or, if it
    // is down, until the leader knows its lease has expired (FailoverDecisions releases it then).
    private static bool Running(RoleStatus role, ClusterState state) =>
        role.Owner is not null && role.State is RoleState.Pending or RoleState.Online && state.Roles.ContainsKey(role.Name);

    private static RoleCommandResult Refuse(string message, string path) => new([], new ApiError(message, path));
}
