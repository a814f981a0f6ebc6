using Understudy.Core.Database;

namespace Understudy.Core.Clones;

/// <summary>An operator stopped (<paramref name="Stopped"/> true) or started a clone role. Stopping
/// removes every instance; starting lets the leader create them again, Failed ones included.</summary>
public sealed record CloneStopped(DateTimeOffset At, string Role, bool Stopped, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        if (!state.Roles.TryGetValue(Role, out var role) || !role.Definition.IsClone)
        {
            return state;
        }

        var next = role with { Stopped = Stopped, Since = At, Reason = Reason };
        next = next.Instances.Keys.Aggregate(next, (r, node) => r.WithoutInstance(node));
        return state.WithRole(next).WithEvent(At, Stopped ? "RoleStopped" : "RoleStarted", Role, null, Reason);
    }
}
