using System.Collections.Immutable;

namespace Understudy.Node.Api;

/// <summary>The <c>nlb</c> part of the status document (docs/status-json.md).</summary>
public sealed record NlbDocument
{
    /// <summary>The cluster address.</summary>
    public required string Address { get; init; }

    /// <summary>The member that takes traffic no rule covers, or null if none is started.</summary>
    public string? DefaultHost { get; init; }

    /// <summary>Port rules in file order.</summary>
    public required ImmutableArray<NlbRuleDocument> Rules { get; init; }

    /// <summary>Members in file order.</summary>
    public required ImmutableArray<NlbMemberDocument> Members { get; init; }

    /// <summary>This node's connection steering, or null before it opened its listeners.</summary>
    public NlbSteeringDocument? Steering { get; init; }

    /// <summary>How the cluster address reaches the members: local, distributed or director.</summary>
    public string Mode { get; init; } = "local";

    /// <summary>Distributed mode: whether this host's packet filter is installed and holds the
    /// current view (same shape as steering's), or null in the other modes.</summary>
    public NlbSteeringDocument? Filter { get; init; }
}

/// <summary>Whether the answering node steers new cluster-address connections to their owner's node.</summary>
public sealed record NlbSteeringDocument
{
    /// <summary>True when its eBPF program is attached to its cluster-address listeners.</summary>
    public bool Enabled { get; init; }

    /// <summary>Why it is not, or null.</summary>
    public string? Reason { get; init; }

    /// <summary>True when the owners map holds this node's current view.</summary>
    public bool Current { get; init; }
}

/// <summary>One port rule.</summary>
public sealed record NlbRuleDocument
{
    /// <summary>Rule name.</summary>
    public required string Name { get; init; }

    /// <summary><c>8080</c> or <c>8080-8089</c>.</summary>
    public required string Ports { get; init; }

    /// <summary><c>http</c>, <c>tcp</c> or <c>udp</c>.</summary>
    public required string Protocol { get; init; }

    /// <summary><c>multiple</c>, <c>single</c> or <c>disabled</c>.</summary>
    public required string Mode { get; init; }

    /// <summary><c>none</c>, <c>single</c> or <c>network</c>.</summary>
    public required string Affinity { get; init; }

    /// <summary>The members' service port for the first port.</summary>
    public int TargetPort { get; init; }

    /// <summary>The clone role serving the rule, or null for an external service.</summary>
    public string? Role { get; init; }
}

/// <summary>One member.</summary>
public sealed record NlbMemberDocument
{
    /// <summary>Node name.</summary>
    public required string Name { get; init; }

    /// <summary><c>Started</c>, <c>Stopped</c>, <c>Draining</c> or <c>Suspended</c>.</summary>
    public required string State { get; init; }

    /// <summary>Whether the member takes new connections now (Up, admitted, Started).</summary>
    public bool Eligible { get; init; }

    /// <summary><c>true</c>, <c>false</c> (see <see cref="AdmissionReason"/>) or null before it announced itself.</summary>
    public bool? Admitted { get; init; }

    /// <summary>Why admission was refused, or null.</summary>
    public string? AdmissionReason { get; init; }

    /// <summary>Host priority.</summary>
    public int HostPriority { get; init; }

    /// <summary>Weight per rule name.</summary>
    public required ImmutableSortedDictionary<string, int> Weight { get; init; }

    /// <summary>Buckets owned per rule name (of 1024 each).</summary>
    public required ImmutableSortedDictionary<string, int> Buckets { get; init; }

    /// <summary>Connections the answering node forwards to this member now.</summary>
    public long Connections { get; init; }

    /// <summary>Why the state last changed.</summary>
    public string? Reason { get; init; }

    /// <summary>Why it owns no buckets of some rule (node not Up, not admitted, not Started, or
    /// its clone instance not Online), or null when it takes its share of every rule.</summary>
    public string? Idle { get; init; }
}
