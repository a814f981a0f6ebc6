using System.Collections.Immutable;
using Understudy.Core.Failover;
using Understudy.Core.Membership;

namespace Understudy.Core.Database;

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

    /// <summary>The latest leader that committed its term (<see cref="LeaderElected"/>), or null.</summary>
    public Failover.Leadership? Leadership { get; init; }

    /// <summary>The last fencing token issued, cluster-wide: a role removed and re-added never
    /// sees a token again that it had before.</summary>
    public long FencingCounter { get; init; }

    /// <summary>Raft term of the last applied log entry (0 where no term is known, as in the
    /// decision tests). Fencing tokens issued in a term start above <c>Term × TokensPerTerm</c>.</summary>
    public long Term { get; init; }

    /// <summary>Fencing tokens a term can issue before its range runs into the next term's.</summary>
    public const long TokensPerTerm = 1_000_000;

    /// <summary>
    /// The token the next owner gets: one above the last, and above every token any earlier term
    /// can have issued. Raft persists a term before it acts in it and a new leader's term is
    /// above every term before, so even if a crash of the whole cluster rolled back entries that
    /// issued tokens, the tokens issued after it are larger than each lost one: the same token is
    /// never handed to two owners. Term 7 issues 7000001, 7000002, …
    /// </summary>
    public long NextFencingToken => Math.Max(FencingCounter, Term > 0 ? checked(Term * TokensPerTerm) : 0) + 1;

    /// <summary>What each node announced it runs (<see cref="NodeSoftwareAnnounced"/>), by node name.</summary>
    public ImmutableSortedDictionary<string, NodeSoftware> Software { get; init; } =
        ImmutableSortedDictionary<string, NodeSoftware>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>True while the cluster is in maintenance mode: nothing is failed over or restarted.</summary>
    public bool Maintenance { get; init; }

    /// <summary>Which operator token the nodes accept (<see cref="OperatorTokenRotated"/>): 0, the
    /// one derived from the key alone, until the first rotation.</summary>
    public long OperatorTokenGeneration { get; init; }

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

    /// <summary>Event kind of a log entry that could not be applied and was skipped.</summary>
    public const string CommandRefusedKind = "CommandRefused";

    /// <summary>
    /// Applies one committed command at log index <paramref name="index"/>. Never throws: a
    /// command that cannot be applied (a bug, or an entry no leader should have replicated) is
    /// skipped and recorded as a <see cref="CommandRefusedKind"/> event. <see cref="ClusterCommand.ApplyTo"/>
    /// is pure, so every node refuses the same entry the same way and the databases stay equal;
    /// one bad entry never stops the state machine (the "poison pill" of replicated logs).
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="index">Its log index.</param>
    /// <param name="term">The Raft term of its log entry (0 when unknown): see <see cref="NextFencingToken"/>.</param>
    public ClusterState Apply(ClusterCommand command, long index, long term = 0)
    {
        ArgumentNullException.ThrowIfNull(command);
        var current = term > Term ? this with { Term = term } : this;
        ClusterState next;
        try
        {
            next = command.ApplyTo(current);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            next = current.WithEvent(command.At, CommandRefusedKind, null, null, $"log entry {index} ({command.GetType().Name}) skipped: {e.Message}");
        }

        return next with { Version = index };
    }

    /// <summary>Skips log entry <paramref name="index"/>, which holds no command this version can
    /// read, and records why. Stamped with the last event's time: an entry that cannot be read
    /// carries no time of its own, and every node must record the same event.</summary>
    public ClusterState Refuse(long index, string why) =>
        WithEvent(Events.IsEmpty ? DateTimeOffset.UnixEpoch : Events[^1].At, CommandRefusedKind, null, null, $"log entry {index} skipped: {why}") with { Version = index };

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
