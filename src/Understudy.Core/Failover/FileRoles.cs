using Understudy.Core.Database;

namespace Understudy.Core.Failover;

/// <summary>
/// How roles declared in the cluster file reach the database: the leader adds each one once, when
/// the database has never had it from the file. From then on the database is the truth — a role
/// removed or redefined through the API stays so across leader changes and restarts; a role newly
/// written into the file is added.
/// </summary>
public static class FileRoles
{
    /// <summary>The commands that seed the file's roles the database has not had yet.</summary>
    public static IEnumerable<RoleDefined> ToSeed(ClusterState state, IEnumerable<RoleDefinition> declared, DateTimeOffset now) =>
        declared
            .Where(r => !state.SeededRoles.Contains(r.Name) && !state.Roles.ContainsKey(r.Name))
            .Select(r => new RoleDefined(now, r, "declared in the cluster file", FromFile: true));
}
