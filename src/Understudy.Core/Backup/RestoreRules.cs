using Understudy.Core.Membership;
using Understudy.Core.Database;

namespace Understudy.Core.Backup;

/// <summary>
/// Whether a backup may be restored into a running cluster now, as a decision with the reason and
/// what to do. A restore replaces the roles, so none may be running: a role's owner must stop it
/// (and its lease lapse) before another owner, with a newer fencing token, starts it.
/// </summary>
public static class RestoreRules
{
    /// <summary>Null if <paramref name="backup"/> may be restored into <paramref name="cluster"/>, whose database is <paramref name="current"/>; else why not.</summary>
    public static string? Check(BackupDocument backup, string cluster, ClusterState current)
    {
        ArgumentNullException.ThrowIfNull(backup);
        ArgumentNullException.ThrowIfNull(current);
        if (backup.Format != BackupDocument.CurrentFormat)
        {
            return $"not a backup this version reads (format '{backup.Format}', expected '{BackupDocument.CurrentFormat}')";
        }

        if (backup.Cluster != cluster)
        {
            return $"this is a backup of cluster '{backup.Cluster}', not of '{cluster}'; restore it into a cluster of that name";
        }

        if (backup.Protocol > DatabaseProtocol.Current)
        {
            return $"the backup was written by {backup.Software} in database protocol {backup.Protocol}; this node speaks {DatabaseProtocol.Current}: upgrade the cluster first";
        }

        var running = current.Roles.Values.Where(r => r.Owner is not null || !r.Instances.IsEmpty).Select(r => r.Name).ToArray();
        return running.Length > 0
            ? $"roles are running ({string.Join(", ", running)}): a restore replaces every role, so stop them first (understudy role stop NAME --wait)"
            : null;
    }
}
