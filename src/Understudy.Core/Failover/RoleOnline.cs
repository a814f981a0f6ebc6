using Understudy.Core.Database;

namespace Understudy.Core.Failover;

/// <summary>The owner brought every resource online. Ignored unless the token is current.</summary>
public sealed record RoleOnline(DateTimeOffset At, string Role, long Token) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        if (!state.Roles.TryGetValue(Role, out var role) || role.FencingToken != Token || role.State != RoleState.Pending)
        {
            return state;
        }

        var next = (role with { State = RoleState.Online, Since = At, Reason = "resources online" }).WithAllResources(ResourceState.Online);
        return state.WithRole(next).WithEvent(At, "RoleOnline", Role, role.Owner, $"online on {role.Owner} (token {Token})");
    }
}
