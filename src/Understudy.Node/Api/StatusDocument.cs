using System.Collections.Immutable;

namespace Understudy.Node.Api;

/// <summary>
/// The answer of <c>GET /api/status</c> and of <c>understudy status --json</c>: a documented
/// contract for tooling (docs/status-json.md). Add fields; never rename or remove one.
/// </summary>
public sealed record StatusDocument
{
    /// <summary>Cluster name.</summary>
    public required string Cluster { get; init; }

    /// <summary>The node that answered.</summary>
    public required string AnsweredBy { get; init; }

    /// <summary>Leader's node name as the answering node knows it, or null during an election.</summary>
    public string? Leader { get; init; }

    /// <summary>Raft term as the answering node knows it.</summary>
    public long Term { get; init; }

    /// <summary>Whether the answering node is part of a majority with a leader.</summary>
    public bool Quorum { get; init; }

    /// <summary>Raft index of the last command applied to the answering node's database.</summary>
    public long Version { get; init; }

    /// <summary>Fingerprint of the answering node's whole database (Core.Database.DatabaseDigest):
    /// equal on every node at one <see cref="Version"/>, unless their state machines diverged.</summary>
    public string? Digest { get; init; }

    /// <summary>True while the cluster is in maintenance mode (nothing is failed over or restarted).</summary>
    public bool Maintenance { get; init; }

    /// <summary>Which operator token the cluster accepts (the generation, never the token): 0 until
    /// the first <c>understudy token rotate</c>; the CLI derives that generation's token from the key.</summary>
    public long TokenGeneration { get; init; }

    /// <summary>The answering node's software version.</summary>
    public string? Software { get; init; }

    /// <summary>The database protocol the answering node speaks (Core.Membership.DatabaseProtocol).</summary>
    public int Protocol { get; init; }

    /// <summary>Every configured node, in cluster-file order.</summary>
    public required ImmutableArray<NodeDocument> Nodes { get; init; }

    /// <summary>The answering node's heartbeat counters.</summary>
    public required HeartbeatDocument Heartbeats { get; init; }

    /// <summary>Network load balancing, or null when the cluster file has no <c>nlb:</c> section.</summary>
    public NlbDocument? Nlb { get; init; }
    /// <summary>Failover roles, by name (docs/status-json.md).</summary>
    public ImmutableArray<RoleDocument> Roles { get; init; } = [];
}

/// <summary>One node in <see cref="StatusDocument.Nodes"/>.</summary>
public sealed record NodeDocument
{
    /// <summary>Node name.</summary>
    public required string Name { get; init; }

    /// <summary><c>Up</c>, <c>Down</c>, <c>Joining</c> or <c>Paused</c>, as committed.</summary>
    public required string State { get; init; }

    /// <summary>The node's address.</summary>
    public required string Address { get; init; }

    /// <summary>Base URL of the node's HTTP API.</summary>
    public required string ApiUrl { get; init; }

    /// <summary>OS process id of the node while it is Up, else null.</summary>
    public int? Pid { get; init; }

    /// <summary>Milliseconds since the answering node last accepted a heartbeat from this node
    /// (0 for itself), or null if it never has.</summary>
    public long? LastHeartbeatMs { get; init; }

    /// <summary>When the current state was committed, or null if never.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Why the state last changed.</summary>
    public string? Reason { get; init; }

    /// <summary>Whether the node votes in Raft.</summary>
    public bool Vote { get; init; }

    /// <summary>Until when the node is quarantined for leaving too often (kept Paused), or null.</summary>
    public DateTimeOffset? QuarantinedUntil { get; init; }
    /// <summary>The software version the node announced, or null before it has.</summary>
    public string? Software { get; init; }

    /// <summary>The database protocol the node announced, or null before it has.</summary>
    public int? Protocol { get; init; }
}

/// <summary>Heartbeat counters of the answering node.</summary>
public sealed record HeartbeatDocument
{
    /// <summary>Datagrams sent.</summary>
    public long Sent { get; init; }

    /// <summary>Datagrams accepted.</summary>
    public long Accepted { get; init; }

    /// <summary>Datagrams dropped, by reason (truncated, oversized, badMac, replayed, …).</summary>
    public required ImmutableSortedDictionary<string, long> Dropped { get; init; }
}
