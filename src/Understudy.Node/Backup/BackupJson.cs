using System.Text.Json;
using Understudy.Core.Backup;
using Understudy.Core.Database;

namespace Understudy.Node.Backup;

/// <summary>How a <see cref="BackupDocument"/> reads and writes: the database's own JSON (the snapshot format), for the CLI too.</summary>
public static class BackupJson
{
    /// <summary>The serializer options of the cluster database's snapshots.</summary>
    public static JsonSerializerOptions Options => CommandCodec.Options;

    /// <summary>A backup file's text, or a <see cref="JsonException"/> naming where it is wrong.</summary>
    public static BackupDocument? Read(string json) => JsonSerializer.Deserialize<BackupDocument>(json, CommandCodec.Options);
}
