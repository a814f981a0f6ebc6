using Understudy.Core.Database;

namespace Understudy.Core.Failover;

/// <summary>A role was removed; its owner stops it. The fencing counter is kept, so a role re-added
/// under the same name gets larger tokens than before.</summary>
public sealed record RoleRemoved(DateTimeOffset At, string Role, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state) => state.Roles.ContainsKey(Role)
        ? (state with { Roles = state.Roles.Remove(Role) }).WithEvent(At, "RoleRemoved", Role, null, Reason)
        : state;
}
