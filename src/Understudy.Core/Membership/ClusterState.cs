using System.Collections.Immutable;

namespace Understudy.Core.Membership;

/// <summary>
/// The replicated cluster database: an immutable snapshot, replaced whole by applying a command.
/// <see cref="Version"/> is the Raft index of the last applied entry, so snapshots order totally.
/// </summary>
public sealed record ClusterState
{
    /// <summary>Raft log index of the last entry applied; 0 for the empty database.</summary>
    public long Version { get; init; }

    /// <summary>Membership records by node name. Nodes never seen are absent (read as Joining).</summary>
    public ImmutableSortedDictionary<string, NodeStatus> Nodes { get; init; } =
        ImmutableSortedDictionary<string, NodeStatus>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Network load balancing: member states, weights, admissions.</summary>
    public Nlb.NlbState Nlb { get; init; } = Understudy.Core.Nlb.NlbState.Empty;

    /// <summary>The empty database.</summary>
    public static ClusterState Empty { get; } = new();

    /// <summary>The record of <paramref name="node"/>, Joining if the database has none.</summary>
    public NodeStatus NodeOrJoining(string node) =>
        Nodes.TryGetValue(node, out var status) ? status : NodeStatus.Joining(node);

    /// <summary>Applies one committed command at log index <paramref name="index"/>.</summary>
    public ClusterState Apply(ClusterCommand command, long index) => command.ApplyTo(this) with { Version = index };

    /// <summary>This database with <paramref name="status"/> as its node's record.</summary>
    public ClusterState WithNode(NodeStatus status) => this with { Nodes = Nodes.SetItem(status.Name, status) };
}
