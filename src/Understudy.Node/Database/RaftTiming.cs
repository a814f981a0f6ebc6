namespace Understudy.Node.Database;

/// <summary>
/// Timing of this node's Raft member (DotNext's <c>RaftCluster.TcpConfiguration</c>). The values
/// decide how fast the survivors elect a new leader when the leader stalls or dies, and so whether
/// a healthy owner keeps its 1 s lease through a leader's stall (docs/failover.md, "A stalled leader").
/// </summary>
internal sealed record RaftTiming
{
    /// <summary>Lower bound of the randomised election timeout: 150 ms, Raft's own suggestion
    /// (the paper's 150–300 ms). DotNext sends leader heartbeats every half of it (75 ms).</summary>
    public int LowerElectionTimeoutMs { get; init; } = 150;

    /// <summary>Upper bound of the election timeout: 300 ms.</summary>
    public int UpperElectionTimeoutMs { get; init; } = 300;

    /// <summary>How long one request to another member may take before that member counts as
    /// unavailable: 200 ms. A candidate's pre-vote round waits for every member's answer, a
    /// frozen leader's until this timeout, so it bounds how long a stalled leader delays the
    /// election (500 ms gave a new leader only 1.0–1.2 s after a freeze, past a healthy owner's
    /// lease). Requests between live members on a LAN answer in a millisecond; under a two-core
    /// CPU hog the longest heartbeat gap measured was 280 ms, and a request that times out is only
    /// retried with the next heartbeat (75 ms later), so the leader keeps its majority.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long opening a connection (TCP and the TLS handshake) to another member may
    /// take: 150 ms, the lower election timeout. After a timed-out request the connection is
    /// dropped, and the candidate's vote request to a frozen member opens a new one, whose TLS
    /// handshake hangs until this timeout; it must end before the candidate's own election
    /// timeout (150–300 ms), or the candidate gives up the round and starts again (200 ms lost
    /// about one round in three). Not lower: on this project's loaded 2-core machine a handshake
    /// under a CPU hog can take tens of milliseconds, and a member that cannot connect cannot vote.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>The defaults.</summary>
    public static RaftTiming Default { get; } = new();
}
