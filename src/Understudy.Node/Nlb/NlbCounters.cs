using Understudy.Core.Nlb;

namespace Understudy.Node.Nlb;

/// <summary>
/// What the data plane did, for <c>GET /metrics</c>: plain counters that the forwarding loops and
/// UDP forwarders bump (one interlocked add each) and observable instruments read.
/// </summary>
internal sealed class NlbCounters
{
    /// <summary>The HTTP statuses the data plane answers itself.</summary>
    public static readonly int[] RefusalStatuses = [400, 408, 431, 502, 503, 504];

    private readonly long[] _accepted = new long[3];
    private readonly long[] _refused = new long[RefusalStatuses.Length];
    private readonly long[] _shed = new long[3 * 2];
    private long _unrouted;
    private long _retriedNextOwner;
    private long _retriedSameMember;

    /// <summary>A connection (TCP, HTTP) or client flow (UDP) was taken and routed.</summary>
    public void Accepted(NlbProtocol protocol) => Interlocked.Increment(ref _accepted[(int)protocol]);

    /// <summary>A connection or flow arrived that no member could take (closed, or ignored).</summary>
    public void Unrouted() => Interlocked.Increment(ref _unrouted);

    /// <summary>A connection or flow was refused before routing: the node held its cap of flows
    /// (<paramref name="exhausted"/> false), or had no descriptor or buffer left (true).</summary>
    public void Shed(NlbProtocol protocol, bool exhausted) => Interlocked.Increment(ref _shed[ShedIndex(protocol, exhausted)]);

    public long ShedCount(NlbProtocol protocol, bool exhausted) => Volatile.Read(ref _shed[ShedIndex(protocol, exhausted)]);

    private static int ShedIndex(NlbProtocol protocol, bool exhausted) => ((int)protocol * 2) + (exhausted ? 1 : 0);

    /// <summary>A failed connect, or an unanswered replayable request, went to the bucket's next owner.</summary>
    public void RetriedNextOwner() => Interlocked.Increment(ref _retriedNextOwner);

    /// <summary>An unanswered replayable request went again to the same member over a new connection.</summary>
    public void RetriedSameMember() => Interlocked.Increment(ref _retriedSameMember);

    /// <summary>The data plane answered an HTTP request itself with <paramref name="status"/>.</summary>
    public void Refused(int status)
    {
        var index = Array.IndexOf(RefusalStatuses, status);
        if (index >= 0)
        {
            Interlocked.Increment(ref _refused[index]);
        }
    }

    public long AcceptedOf(NlbProtocol protocol) => Volatile.Read(ref _accepted[(int)protocol]);

    public long RefusedWith(int status) => Array.IndexOf(RefusalStatuses, status) is var i and >= 0 ? Volatile.Read(ref _refused[i]) : 0;

    public long UnroutedCount => Volatile.Read(ref _unrouted);

    public long RetriedNextOwnerCount => Volatile.Read(ref _retriedNextOwner);

    public long RetriedSameMemberCount => Volatile.Read(ref _retriedSameMember);
}
