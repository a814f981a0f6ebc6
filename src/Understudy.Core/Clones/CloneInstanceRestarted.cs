using Understudy.Core.Database;
using Understudy.Core.Failover;

namespace Understudy.Core.Clones;

/// <summary>A resource of an instance failed and the role's restart policy restarts the instance
/// in place. Ignored unless the token is the instance's.</summary>
public sealed record CloneInstanceRestarted(DateTimeOffset At, string Role, string Node, long Token, string Resource, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        if (!state.Roles.TryGetValue(Role, out var role) || !role.Instances.TryGetValue(Node, out var instance) || instance.Token != Token)
        {
            return state;
        }

        var window = role.Definition.Restart.Window;
        var next = instance with
        {
            State = RoleState.Pending,
            Restarts = instance.Restarts + 1,
            RestartTimes = instance.RestartTimes.Where(t => At - t < window).Append(At).ToImmutableArrayValue(),
            Since = At,
            Reason = $"resource {Resource} failed: {Reason}",
        };
        return state.WithRole(role.WithInstance(next))
            .WithEvent(At, "ResourceFailed", Role, Node, $"{Resource}: {Reason}")
            .WithEvent(At, "CloneRestarted", Role, Node, $"restart {next.Restarts} in place on {Node} (policy: {role.Definition.Restart.MaxRestarts} in {window})");
    }
}
