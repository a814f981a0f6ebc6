using System.Collections.Immutable;

namespace Understudy.Core.Chaos;

/// <summary>What one node reports after the faults: the state the nodes must agree on.</summary>
/// <param name="Node">The answering node.</param>
/// <param name="Leader">The leader it knows, or null.</param>
/// <param name="Version">Raft index of the last command applied to its database.</param>
/// <param name="Digest">Fingerprint of its whole database (<see cref="Database.DatabaseDigest"/>).</param>
/// <param name="NodeStates">Every node's committed state (Up, Down, …) as it knows them.</param>
/// <param name="RoleOwners">Every failover role's state and owner, e.g. <c>Online@n2</c>.</param>
/// <param name="Buckets">Buckets per member and rule, e.g. <c>n3/web</c> → 205.</param>
public sealed record NodeView(
    string Node,
    string? Leader,
    long Version,
    string? Digest,
    ImmutableSortedDictionary<string, string> NodeStates,
    ImmutableSortedDictionary<string, string> RoleOwners,
    ImmutableSortedDictionary<string, int> Buckets);
