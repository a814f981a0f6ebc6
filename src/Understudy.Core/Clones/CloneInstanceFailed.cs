using Understudy.Core.Database;
using Understudy.Core.Failover;

namespace Understudy.Core.Clones;

/// <summary>An instance used up its restart policy: it stays Failed, stopped, on its node until the
/// node leaves and comes back or the role is stopped and started. Ignored unless the token is the
/// instance's.</summary>
public sealed record CloneInstanceFailed(DateTimeOffset At, string Role, string Node, long Token, string Resource, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        if (!state.Roles.TryGetValue(Role, out var role) || !role.Instances.TryGetValue(Node, out var instance) || instance.Token != Token)
        {
            return state;
        }

        var next = instance with { State = RoleState.Failed, Since = At, Reason = Reason };
        return state.WithRole(role.WithInstance(next))
            .WithEvent(At, "ResourceFailed", Role, Node, Resource)
            .WithEvent(At, "CloneFailed", Role, Node, Reason);
    }
}
