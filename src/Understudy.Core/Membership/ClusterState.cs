using System.Collections.Immutable;
using Understudy.Core.Failover;

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
    /// <summary>Failover roles by name (Failover/, docs/failover.md).</summary>
    public ImmutableSortedDictionary<string, RoleStatus> Roles { get; init; } =
        ImmutableSortedDictionary<string, RoleStatus>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Names of the roles the cluster file has added once. The file seeds the database;
    /// after that the database is the truth, so a role removed through the API stays removed
    /// (<see cref="Failover.FileRoles"/>).</summary>
    public ImmutableSortedSet<string> SeededRoles { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    /// <summary>The latest leader that committed its term (<see cref="Failover.LeaderElected"/>), or null.</summary>
    public Failover.Leadership? Leadership { get; init; }

    /// <summary>The last fencing token issued, cluster-wide: a role removed and re-added never
    /// sees a token again that it had before.</summary>
    public long FencingCounter { get; init; }

    /// <summary>True while the cluster is in maintenance mode: nothing is failed over or restarted.</summary>
    public bool Maintenance { get; init; }

    /// <summary>The most recent events, oldest first, at most <see cref="MaxEvents"/>.</summary>
    public ImmutableList<ClusterEvent> Events { get; init; } = [];

    /// <summary>Id of the last event recorded.</summary>
    public long LastEventId { get; init; }

    /// <summary>Events kept in the replicated log; older ones are dropped.</summary>
    public const int MaxEvents = 1000;

    /// <summary>The empty database.</summary>
    public static ClusterState Empty { get; } = new();

    /// <summary>The record of <paramref name="node"/>, Joining if the database has none.</summary>
    public NodeStatus NodeOrJoining(string node) =>
        Nodes.TryGetValue(node, out var status) ? status : NodeStatus.Joining(node);

    /// <summary>Applies one committed command at log index <paramref name="index"/>.</summary>
    public ClusterState Apply(ClusterCommand command, long index) => command.ApplyTo(this) with { Version = index };

    /// <summary>This database with <paramref name="status"/> as its node's record.</summary>
    public ClusterState WithNode(NodeStatus status) => this with { Nodes = Nodes.SetItem(status.Name, status) };

    /// <summary>This database with <paramref name="role"/> as its role's record.</summary>
    public ClusterState WithRole(RoleStatus role) => this with { Roles = Roles.SetItem(role.Name, role) };

    /// <summary>This database with one more event, dropping the oldest beyond <see cref="MaxEvents"/>.</summary>
    public ClusterState WithEvent(DateTimeOffset at, string kind, string? role, string? node, string reason)
    {
        var events = Events.Add(new ClusterEvent(LastEventId + 1, at, kind, role, node, reason));
        return this with { Events = events.Count > MaxEvents ? events.RemoveRange(0, events.Count - MaxEvents) : events, LastEventId = LastEventId + 1 };
    }
}
