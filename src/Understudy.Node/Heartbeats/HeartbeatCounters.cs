using System.Collections.Immutable;
using Understudy.Core.Heartbeats;

namespace Understudy.Node.Heartbeats;

/// <summary>Heartbeats sent, accepted, and dropped by reason. Lock-free; read for status and metrics.</summary>
internal sealed class HeartbeatCounters
{
    private readonly long[] _byReason = new long[Enum.GetValues<HeartbeatRejection>().Length];
    private long _sent;

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void Count(HeartbeatRejection reason) => Interlocked.Increment(ref _byReason[(int)reason]);

    public long Sent => Interlocked.Read(ref _sent);

    public long Accepted => Interlocked.Read(ref _byReason[(int)HeartbeatRejection.None]);

    /// <summary>Dropped datagrams by reason (reasons with a zero count included).</summary>
    public ImmutableSortedDictionary<string, long> Dropped() =>
        Enum.GetValues<HeartbeatRejection>()
            .Where(r => r != HeartbeatRejection.None)
            .ToImmutableSortedDictionary(r => JsonNaming(r), r => Interlocked.Read(ref _byReason[(int)r]), StringComparer.Ordinal);

    private static string JsonNaming(HeartbeatRejection reason)
    {
        var name = reason.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
