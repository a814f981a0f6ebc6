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
    /// unavailable: 500 ms. A candidate's pre-vote round waits for every member's answer, a
    /// frozen leader's until this timeout, so it bounds how long a stalled leader delays the
    /// election (docs/failover.md, "Known limit"). 200 ms would elect a new leader about 0.4 s
    /// sooner; on a 2-core machine at load average 60 a cluster with it needed 33 terms and about
    /// 100 s to commit its first entry, so the lower value waits for a comparison on a quiet machine.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long opening a connection (TCP and the TLS handshake) to another member may
    /// take: 200 ms. After a timed-out request the connection is dropped, and the candidate's vote
    /// request to a frozen member opens a new one, whose TLS handshake hangs until this timeout;
    /// when the candidate's own election timeout (150–300 ms) is the shorter, it gives up the
    /// round and starts again (one round in three at 200 ms).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The defaults.</summary>
    public static RaftTiming Default { get; } = new();
}
