namespace Understudy.Node.Nlb.Loop;

/// <summary>An <see cref="EventLoop"/> and the forwarded connections it owns: the ones still
/// connecting are checked against their connect deadline every tick, and every flow its idle deadlines every second; all are cut
/// when the forwarder stops. Touched only from the loop's thread.</summary>
internal sealed class StreamLoop
{
    private readonly List<(int Fd, uint Events, IReadyHandler Handler)> _paused = [];
    private long _nextIdleCheck;
    private int _spare;

    public StreamLoop(EventLoop loop, TimeSpan connectTimeout, int maxFlows, NlbCounters counters, NlbCapacityLog capacityLog)
    {
        Loop = loop;
        Counters = counters;
        CapacityLog = capacityLog;
        MaxFlows = maxFlows;
        ConnectTimeout = Ticks(connectTimeout);
        _spare = Native.Libc.OpenSpare();
        loop.AddTicker(ExpireConnects);
        loop.AddTicker(ExpireIdle);
        loop.AddTicker(ResumeListeners);
    }

    /// <summary>Most flows this loop holds at once: its share of <c>nlb.maxConnections</c>.</summary>
    public int MaxFlows { get; }

    /// <summary>Says when flows are refused, at most every few seconds.</summary>
    public NlbCapacityLog CapacityLog { get; }

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

    /// <summary>
    /// Accept failed for want of descriptors (EMFILE, ENFILE) or memory: the connection stays
    /// queued and the level-triggered listener would wake the loop again at once. Gives back the
    /// spare descriptor, accepts the connection into it and resets it, and takes the spare again
    /// (as libev and nginx do); with no spare, stops watching the listener until the next tick.
    /// Whether a connection was refused.
    /// </summary>
    public unsafe bool ShedWaiting(int listener, uint events, IReadyHandler handler)
    {
        if (_spare >= 0)
        {
            Native.Libc.Close(_spare);
            var address = stackalloc byte[128];
            var length = 128;
            var client = Native.Libc.Accept(listener, address, &length, Native.Libc.SockNonBlock | Native.Libc.SockCloexec);
            if (client >= 0)
            {
                Native.Libc.SetResetOnClose(client);
                Native.Libc.Close(client);
            }

            _spare = Native.Libc.OpenSpare();
            if (client >= 0)
            {
                return true;
            }
        }

        Loop.Remove(listener);
        _paused.Add((listener, events, handler));
        return false;
    }

    /// <summary>Closes the spare descriptor (the forwarder is stopping).</summary>
    public void ReleaseSpare()
    {
        if (_spare >= 0)
        {
            Native.Libc.Close(_spare);
            _spare = -1;
        }
    }

    private void ResumeListeners(long now)
    {
        if (_paused.Count == 0)
        {
            return;
        }

        if (_spare < 0)
        {
            _spare = Native.Libc.OpenSpare();
        }

        foreach (var (fd, events, handler) in _paused)
        {
            Loop.Add(fd, events, handler);
        }

        _paused.Clear();
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
