using System.Collections.Immutable;
using Understudy.Core.Detection;

namespace Understudy.Core.Config;

/// <summary>A validated cluster file: everything a node needs to join its cluster.</summary>
public sealed record ClusterConfig
{
    /// <summary>Cluster name; also scopes the data directory and the key derivation.</summary>
    public required string Name { get; init; }

    /// <summary>Where the cluster key comes from. Resolve with the node's key loader.</summary>
    public required ClusterKeySource Key { get; init; }

    /// <summary>Heartbeat and failure-detector settings.</summary>
    public HeartbeatOptions Heartbeat { get; init; } = HeartbeatOptions.Lan;

    /// <summary>Lease timing of failover roles (the <c>failover:</c> section).</summary>
    public Failover.LeaseTiming Lease { get; init; } = Failover.LeaseTiming.Default;

    /// <summary>Members in file order. Names and endpoints are unique (validated).</summary>
    public required ImmutableArray<NodeConfig> Nodes { get; init; }

    /// <summary>Network load balancing (the <c>nlb:</c> section), or null if the file has none.</summary>
    public Nlb.NlbConfig? Nlb { get; init; }
    /// <summary>Failover roles declared in the file (committed by the leader when the database has none of that name).</summary>
    public ImmutableArray<Failover.RoleDefinition> Roles { get; init; } = [];

    /// <summary>Limits of the HTTP API (the <c>api:</c> section).</summary>
    public ApiLimits Api { get; init; } = ApiLimits.Default;

    /// <summary>When a flapping node is kept out (<c>quarantine:</c>).</summary>
    public QuarantineOptions Quarantine { get; init; } = QuarantineOptions.Default;

    /// <summary>The nodes roles may run on, in file order: every node but the witnesses.</summary>
    public ImmutableArray<string> RoleHosts => [.. Nodes.Where(n => !n.Witness).Select(n => n.Name)];

    /// <summary>The node with this name, or null.</summary>
    public NodeConfig? FindNode(string name) => Nodes.FirstOrDefault(n => n.Name == name);
}
