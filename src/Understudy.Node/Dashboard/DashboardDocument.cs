using System.Collections.Immutable;
using System.Text.Json;
using Understudy.Core.Failover;
using Understudy.Node.Api;

namespace Understudy.Node.Dashboard;

/// <summary>
/// What the dashboard page shows, as one JSON document (<c>GET /api/dashboard</c> and each event
/// of <c>GET /api/dashboard/events</c>): the status document plus what it does not carry. Only
/// what the node knows; nothing is estimated.
/// </summary>
internal sealed record DashboardDocument
{
    /// <summary>The answering node's status document (docs/status-json.md).</summary>
    public required StatusDocument Status { get; init; }

    /// <summary>Whether maintenance mode is on in the committed state.</summary>
    public bool Maintenance { get; init; }

    /// <summary>Per NLB rule, the owner of each of the 1024 buckets: one character per bucket, the
    /// index of the owner in the status document's NLB member list as a base-36 digit, <c>.</c>
    /// for a bucket no member owns.</summary>
    public required ImmutableSortedDictionary<string, string> BucketMaps { get; init; }

    /// <summary>The newest events, newest first.</summary>
    public required ImmutableArray<ClusterEvent> Events { get; init; }

    /// <summary>What each node said about itself when last asked (its VMs, its connections).</summary>
    public required ImmutableArray<PeerReport> Hosts { get; init; }
}

/// <summary>One node's own answers, as the answering node last received them.</summary>
internal sealed record PeerReport
{
    /// <summary>Node name.</summary>
    public required string Node { get; init; }

    /// <summary>Why there is no answer (not Up, did not answer in time), or null.</summary>
    public string? Error { get; init; }

    /// <summary>Milliseconds since the answer arrived, or null if none ever did.</summary>
    public long? AgeMs { get; init; }

    /// <summary>Its <c>GET /api/vms</c> answer, as it gave it (docs/api.md), or null.</summary>
    public JsonElement? Vms { get; init; }

    /// <summary>Its <c>GET /api/nlb/connections</c> answer: connections it forwards per member now.</summary>
    public ImmutableSortedDictionary<string, long>? Connections { get; init; }
}
