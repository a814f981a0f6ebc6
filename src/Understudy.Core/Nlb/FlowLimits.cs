namespace Understudy.Core.Nlb;

/// <summary>
/// How many flows one node's data plane holds at once: TCP and HTTP client connections (two
/// descriptors each, the client's and the member's) and UDP client sessions (one socket each).
/// A flow past its cap is refused and counted, so a flood of connections or of spoofed UDP
/// sources cannot take the descriptors that Raft, the heartbeats and the API need.
/// </summary>
/// <param name="Connections">Most open TCP and HTTP connections on this node.</param>
/// <param name="UdpSessions">Most UDP client sessions on this node.</param>
/// <param name="Lowered">True when the descriptor limit forced caps below the configured ones.</param>
public readonly record struct FlowLimits(int Connections, int UdpSessions, bool Lowered)
{
    /// <summary>Default of <c>nlb.maxConnections</c>.</summary>
    public const int DefaultMaxConnections = 10_000;

    /// <summary>Default of <c>nlb.maxUdpSessions</c>.</summary>
    public const int DefaultMaxUdpSessions = 10_000;

    /// <summary>Descriptors kept out of the data plane's reach for everything else the node opens:
    /// Raft and API connections, heartbeat sockets, workloads' pipes, the log and database files.</summary>
    public const int ReservedDescriptors = 1024;

    /// <summary>
    /// The configured caps, scaled down in proportion if together they would need more descriptors
    /// than <paramref name="descriptorLimit"/> (the process's RLIMIT_NOFILE) less
    /// <paramref name="reserved"/>. Each cap stays at least 1.
    /// </summary>
    public static FlowLimits Fit(int maxConnections, int maxUdpSessions, long descriptorLimit, int reserved = ReservedDescriptors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUdpSessions, 1);
        var budget = Math.Max(0, descriptorLimit - reserved);
        var needed = (2L * maxConnections) + maxUdpSessions;
        if (needed <= budget)
        {
            return new FlowLimits(maxConnections, maxUdpSessions, Lowered: false);
        }

        var connections = (int)Math.Max(1, maxConnections * budget / needed);
        var sessions = (int)Math.Max(1, maxUdpSessions * budget / needed);
        return new FlowLimits(connections, sessions, Lowered: true);
    }

    /// <summary>Descriptors the data plane may hold at these caps.</summary>
    public long Descriptors => (2L * Connections) + UdpSessions;
}
