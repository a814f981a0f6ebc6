using Understudy.Core.Database;

namespace Understudy.Core.Backup;

/// <summary>
/// A backup of the cluster database (<c>understudy backup -o FILE</c>): the leader's committed
/// database at one version, with what a restore checks before it uses it (docs/operations.md
/// "Backup and restore").
/// </summary>
public sealed record BackupDocument
{
    /// <summary>What this file is; <see cref="CurrentFormat"/>.</summary>
    public required string Format { get; init; }

    /// <summary>The cluster it was taken from: a restore into another cluster is refused.</summary>
    public required string Cluster { get; init; }

    /// <summary>The software version of the node that took it.</summary>
    public required string Software { get; init; }

    /// <summary>The database protocol it is written in: a restore by a node that speaks an older one is refused.</summary>
    public int Protocol { get; init; }

    /// <summary>When the leader took it (its clock).</summary>
    public DateTimeOffset TakenAt { get; init; }

    /// <summary>The database, as committed at <see cref="ClusterState.Version"/>.</summary>
    public required ClusterState Database { get; init; }

    /// <summary>The format of this build's backups.</summary>
    public const string CurrentFormat = "understudy-backup/1";
}
