using System.Text.Json.Serialization;

namespace Understudy.Core.Membership;

/// <summary>
/// A change to the cluster database. Commands are appended to the Raft log by the leader and
/// applied in log order by every node, so every node computes the same <see cref="ClusterState"/>.
/// Each carries the leader's timestamp so that applying it is deterministic.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(NodeUp), "nodeUp")]
[JsonDerivedType(typeof(NodeDown), "nodeDown")]
public abstract record ClusterCommand(DateTimeOffset At);

/// <summary>The leader heard the node (a new incarnation, or after Joining or Down).</summary>
public sealed record NodeUp(DateTimeOffset At, string Node, long Incarnation, int ProcessId, string Reason)
    : ClusterCommand(At);

/// <summary>The leader's failure detector declared the node dead.</summary>
public sealed record NodeDown(DateTimeOffset At, string Node, string Reason) : ClusterCommand(At);
