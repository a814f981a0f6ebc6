namespace Understudy.Node.Nlb.Loop;

/// <summary>An <see cref="EventLoop"/> and the forwarded connections it owns: the ones still
/// connecting are checked against their connect deadline every tick, and every flow its idle deadlines every second; all are cut
/// when the forwarder stops. Touched only from the loop's thread.</summary>
internal sealed class StreamLoop
{
    private long _nextIdleCheck;

    public StreamLoop(EventLoop loop, TimeSpan connectTimeout, NlbCounters counters)
    {
        Loop = loop;
        Counters = counters;
        ConnectTimeout = Ticks(connectTimeout);
        loop.AddTicker(ExpireConnects);
        loop.AddTicker(ExpireIdle);
    }

    public EventLoop Loop { get; }

    /// <summary>What the loop's flows did, for the metrics.</summary>
    public NlbCounters Counters { get; }

    /// <summary>How long a member may take to accept a connection, in timestamp ticks.</summary>
    public long ConnectTimeout { get; }

    public HashSet<LoopFlow> Flows { get; } = [];

    public HashSet<LoopFlow> Connecting { get; } = [];

    /// <summary>Scratch space for rewritten bytes on their way out (loop thread only).</summary>
    public System.Buffers.ArrayBufferWriter<byte> Scratch { get; } = new(64 * 1024);

    /// <summary>Cuts every connection (the forwarder is stopping).</summary>
    public void CloseAll()
    {
        foreach (var flow in Flows.ToArray())
        {
            flow.Abort();
        }
    }

    /// <summary><paramref name="span"/> in the loop's timestamp ticks.</summary>
    public long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Loop.Time.TimestampFrequency);

    // Once a second, each flow checks its own idle deadlines.
    private void ExpireIdle(long now)
    {
        if (now < _nextIdleCheck)
        {
            return;
        }

        _nextIdleCheck = now + Ticks(TimeSpan.FromSeconds(1));
        foreach (var flow in Flows.ToArray())
        {
            flow.CheckIdle(now);
        }
    }

    private void ExpireConnects(long now)
    {
        if (Connecting.Count == 0)
        {
            return;
        }

        foreach (var flow in Connecting.Where(f => f.ConnectExpired(now)).ToArray())
        {
            flow.ConnectTimedOut();
        }
    }
}
