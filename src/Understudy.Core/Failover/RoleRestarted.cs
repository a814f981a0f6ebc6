using Understudy.Core.Database;

namespace Understudy.Core.Failover;

/// <summary>A resource of the role failed and the restart policy restarts it in place.
/// Ignored unless <paramref name="Token"/> is the role's current fencing token.</summary>
public sealed record RoleRestarted(DateTimeOffset At, string Role, long Token, string Resource, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        if (!state.Roles.TryGetValue(Role, out var role) || role.FencingToken != Token)
        {
            return state;
        }

        var next = (role with
        {
            State = RoleState.Pending,
            Restarts = role.Restarts + 1,
            RestartTimes = role.RestartTimes.Where(t => At - t < role.Definition.Restart.Window).Append(At).ToImmutableArrayValue(),
            Since = At,
            Reason = $"resource {Resource} failed: {Reason}",
        }).WithAllResources(ResourceState.Pending);
        return state.WithRole(next)
            .WithEvent(At, "ResourceFailed", Role, role.Owner, $"{Resource}: {Reason}")
            .WithEvent(At, "RoleRestarted", Role, role.Owner, $"restart {next.Restarts} in place (policy: {role.Definition.Restart.MaxRestarts} in {role.Definition.Restart.Window})");
    }
}
