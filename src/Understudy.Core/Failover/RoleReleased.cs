using Understudy.Core.Database;

namespace Understudy.Core.Failover;

/// <summary>The previous owner stopped the role (or its lease surely expired), so the new owner may start it.</summary>
public sealed record RoleReleased(DateTimeOffset At, string Role, string Node, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state) =>
        state.Roles.TryGetValue(Role, out var role) && role.AwaitingRelease == Node
            ? state.WithRole(role with { AwaitingRelease = null }).WithEvent(At, "RoleReleased", Role, Node, Reason)
            : state;
}
