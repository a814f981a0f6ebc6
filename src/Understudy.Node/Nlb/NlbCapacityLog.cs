using Microsoft.Extensions.Logging;
using Understudy.Core.Nlb;

namespace Understudy.Node.Nlb;

/// <summary>
/// Says, at most once per <see cref="Interval"/> and protocol, that the data plane refused flows
/// at its cap or for want of descriptors, with how many since the last line: a flood is logged
/// clearly without the log becoming the flood.
/// </summary>
internal sealed partial class NlbCapacityLog(ILogger<NlbCapacityLog> logger, TimeProvider time)
{
    /// <summary>The shortest gap between two lines of one protocol.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly long[] _lastLine = [long.MinValue, long.MinValue, long.MinValue];
    private readonly long[] _unlogged = new long[3];

    /// <summary>A <paramref name="protocol"/> flow was refused: the node holds <paramref name="cap"/> already.</summary>
    public void AtCap(NlbProtocol protocol, int cap) => Note(protocol, count => LogAtCap(protocol.ToString().ToLowerInvariant(), cap, count));

    /// <summary>A <paramref name="protocol"/> flow was refused: no descriptor or buffer was left (errno).</summary>
    public void Exhausted(NlbProtocol protocol, string reason) => Note(protocol, count => LogExhausted(protocol.ToString().ToLowerInvariant(), reason, count));

    private void Note(NlbProtocol protocol, Action<long> line)
    {
        var index = (int)protocol;
        Interlocked.Increment(ref _unlogged[index]);
        var now = time.GetTimestamp();
        var last = Volatile.Read(ref _lastLine[index]);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < Interval)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastLine[index], now, last) == last)
        {
            line(Interlocked.Exchange(ref _unlogged[index], 0));
        }
    }

    [LoggerMessage(EventId = 1437, Level = LogLevel.Warning, Message = "NLB: {Protocol} flows at this node's cap of {Cap}: {Refused} refused since the last such line (nlb.maxConnections / nlb.maxUdpSessions)")]
    private partial void LogAtCap(string protocol, int cap, long refused);

    [LoggerMessage(EventId = 1438, Level = LogLevel.Error, Message = "NLB: {Protocol} flows refused for want of descriptors or memory ({Reason}): {Refused} since the last such line; raise LimitNOFILE or lower the caps")]
    private partial void LogExhausted(string protocol, string reason, long refused);
}
