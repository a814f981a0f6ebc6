using System.Buffers;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Logging;
using Understudy.Core.Database;

namespace Understudy.Node.Database;

/// <summary>
/// The Raft state machine: applies committed commands, in log order, to the immutable
/// <see cref="ClusterState"/> and swaps the snapshot atomically. DotNext persists the log and
/// the periodic snapshots under the node's data directory.
/// </summary>
internal sealed partial class ClusterStateMachine(DirectoryInfo location, ILogger<ClusterStateMachine> logger)
    : SimpleStateMachine(location)
{
    /// <summary>Snapshot every this many entries, so a restart replays a short tail of the log.</summary>
    private const long SnapshotEvery = 256;

    private ClusterState _state = ClusterState.Empty;

    /// <summary>The most recently applied database.</summary>
    public ClusterState Current => Volatile.Read(ref _state);

    /// <summary>Raised after each applied command and each restored snapshot, on the applying thread.</summary>
    public event Action<ClusterState>? Applied;

    protected override ValueTask<bool> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        if (entry.IsConfiguration || entry.Length == 0)
        {
            return ValueTask.FromResult(false);
        }

        var next = Next(Current, Concat(entry.GetPayload()), entry.Index, entry.Term);
        if (next.LastEventId != Current.LastEventId && next.Events[^1].Kind == ClusterState.CommandRefusedKind)
        {
            LogRefusedEntry(entry.Index, next.Events[^1].Reason);
        }

        Volatile.Write(ref _state, next);
        Applied?.Invoke(next);
        return ValueTask.FromResult(entry.Index % SnapshotEvery == 0);
    }

    /// <summary>
    /// The database after log entry <paramref name="index"/>. Never throws: an entry that does
    /// not decode (written by a newer version, or damaged) or cannot be applied is skipped with a
    /// refused event, the same way on every node, so one bad entry never stops the log.
    /// </summary>
    internal static ClusterState Next(ClusterState current, ReadOnlySequence<byte> payload, long index, long term = 0) =>
        CommandCodec.TryDecode(payload) is { Command: { } command }
            ? current.Apply(command, index, term)
            : current.Refuse(index, "not a command this node understands");

    private static ReadOnlySequence<byte> Concat(IEnumerable<ReadOnlyMemory<byte>> blocks)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var block in blocks)
        {
            buffer.Write(block.Span);
        }

        return new ReadOnlySequence<byte>(buffer.WrittenMemory);
    }

    protected override ValueTask PersistAsync(IAsyncBinaryWriter writer, CancellationToken token) =>
        writer.Invoke(CommandCodec.EncodeSnapshot(Current), token);

    protected override async ValueTask RestoreAsync(FileInfo snapshotFile, CancellationToken token)
    {
        var bytes = await File.ReadAllBytesAsync(snapshotFile.FullName, token);
        var restored = CommandCodec.DecodeSnapshot(bytes);
        Volatile.Write(ref _state, restored);
        Applied?.Invoke(restored);
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Refused log entry {Index}: {Reason}")]
    private partial void LogRefusedEntry(long index, string reason);
}
