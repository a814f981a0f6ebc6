using Understudy.Core.Database;

namespace Understudy.Core.Failover;

/// <summary>Restart and failover limits are exhausted: the role is Failed and stays put, stopped.
/// Ignored unless the token is current.</summary>
public sealed record RoleFailed(DateTimeOffset At, string Role, long Token, string? Resource, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        if (!state.Roles.TryGetValue(Role, out var role) || role.FencingToken != Token)
        {
            return state;
        }

        var next = (role with { State = RoleState.Failed, AwaitingRelease = null, Since = At, Reason = Reason }).WithAllResources(ResourceState.Offline);
        if (Resource is not null && next.Resources.ContainsKey(Resource))
        {
            next = next with { Resources = next.Resources.SetItem(Resource, ResourceState.Failed) };
        }

        var withFailure = Resource is null ? state : state.WithEvent(At, "ResourceFailed", Role, role.Owner, Resource);
        return withFailure.WithRole(next).WithEvent(At, "RoleFailed", Role, role.Owner, Reason);
    }
}
