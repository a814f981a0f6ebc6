using Understudy.Core.Database;
using Understudy.Core.Failover;

namespace Understudy.Core.Clones;

/// <summary>An instance brought every resource online. Ignored unless the token is the instance's.</summary>
public sealed record CloneInstanceOnline(DateTimeOffset At, string Role, string Node, long Token) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        if (!state.Roles.TryGetValue(Role, out var role) || !role.Instances.TryGetValue(Node, out var instance)
            || instance.Token != Token || instance.State != RoleState.Pending)
        {
            return state;
        }

        var next = instance with { State = RoleState.Online, Since = At, Reason = "resources online" };
        return state.WithRole(role.WithInstance(next)).WithEvent(At, "CloneOnline", Role, Node, $"instance online on {Node} (token {Token})");
    }
}
