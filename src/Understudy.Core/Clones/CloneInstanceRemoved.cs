using Understudy.Core.Database;

namespace Understudy.Core.Clones;

/// <summary>A clone role's instance on <paramref name="Node"/> is gone (the node is down, paused,
/// no longer a possible owner, or the role was stopped); nothing takes its place elsewhere.</summary>
public sealed record CloneInstanceRemoved(DateTimeOffset At, string Role, string Node, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state) =>
        state.Roles.TryGetValue(Role, out var role) && role.Instances.ContainsKey(Node)
            ? state.WithRole(role.WithoutInstance(Node)).WithEvent(At, "CloneRemoved", Role, Node, $"instance on {Node} removed: {Reason}")
            : state;
}
