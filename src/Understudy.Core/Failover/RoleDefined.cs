using Understudy.Core.Database;

namespace Understudy.Core.Failover;

/// <summary>A role was added, or its definition replaced (the owner restarts it on the new one).
/// <paramref name="FromFile"/> marks the cluster file's seeding of a role (<see cref="FileRoles"/>).</summary>
public sealed record RoleDefined(DateTimeOffset At, RoleDefinition Definition, string Reason, bool FromFile = false) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        // A role that becomes a clone (or stops being one) starts afresh: owner and instances go.
        var role = state.Roles.TryGetValue(Definition.Name, out var existing) && existing.Definition.IsClone == Definition.IsClone
            ? existing with { Definition = Definition, Revision = existing.Revision + 1 }
            : new RoleStatus { Definition = Definition, Revision = existing is null ? 0 : existing.Revision + 1, Stopped = Definition.Priority == StartPriority.NoAutoStart, Since = At, Reason = Reason }
                .WithAllResources(ResourceState.Offline);
        var seeded = FromFile ? state with { SeededRoles = state.SeededRoles.Add(Definition.Name) } : state;
        return seeded.WithRole(role).WithEvent(At, existing is null ? "RoleAdded" : "RoleUpdated", Definition.Name, null, Reason);
    }
}
