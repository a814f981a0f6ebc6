using System.Collections.Immutable;
using Understudy.Core.Failover;
using Understudy.Core.Database;

namespace Understudy.Core.Backup;

/// <summary>
/// The roles of a backup replace the database's (<c>understudy restore FILE</c>). Each comes back
/// with its definition and whether it was stopped, but with no owner: placement starts it afresh.
/// The fencing counter never goes back: it becomes the larger of the two, so no owner ever sees a
/// token again that an owner had before the backup or since.
/// Membership, NLB state and the event log stay as the running cluster has them.
/// </summary>
public sealed record DatabaseRestored(
    DateTimeOffset At, string FromCluster, long FromVersion, long FencingCounter, ImmutableArray<RestoredRole> Roles, ImmutableArray<string> SeededRoles)
    : ClusterCommand(At)
{
    /// <summary>The command that restores <paramref name="backup"/>.</summary>
    public static DatabaseRestored From(BackupDocument backup, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(backup);
        var database = backup.Database;
        return new(at, backup.Cluster, database.Version, database.FencingCounter,
            [.. database.Roles.Values.Select(r => new RestoredRole(r.Definition, r.Stopped))], [.. database.SeededRoles]);
    }

    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        // The leader checked this (RestoreRules); checked again so that no log could ever replace a running role.
        if (state.Roles.Values.FirstOrDefault(r => r.Owner is not null || !r.Instances.IsEmpty) is { } running)
        {
            throw new InvalidOperationException($"role '{running.Name}' is running; a restore needs every role stopped");
        }

        var reason = $"restored from a backup of {FromCluster} at version {FromVersion}";
        var roles = Roles.ToImmutableSortedDictionary(
            r => r.Definition.Name,
            r => new RoleStatus { Definition = r.Definition, Stopped = r.Stopped, Since = At, Reason = reason }.WithAllResources(ResourceState.Offline),
            StringComparer.Ordinal);
        var next = state with
        {
            Roles = roles,
            SeededRoles = state.SeededRoles.Union(SeededRoles),
            FencingCounter = Math.Max(state.FencingCounter, FencingCounter),
        };
        return next.WithEvent(At, "DatabaseRestored", null, null, $"{reason}: {Roles.Length} role{(Roles.Length == 1 ? "" : "s")}");
    }
}
