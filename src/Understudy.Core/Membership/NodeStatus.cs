namespace Understudy.Core.Membership;

/// <summary>The committed membership record of one node.</summary>
/// <param name="Name">Node name from the cluster file.</param>
/// <param name="State">Current state.</param>
/// <param name="Since">When the leader committed the current state (leader's clock).</param>
/// <param name="Incarnation">Incarnation of the node process last seen Up, or null if never Up.</param>
/// <param name="ProcessId">OS process id of that incarnation, or null.</param>
/// <param name="Reason">Why the state last changed, for people reading status.</param>
/// <param name="PauseKept">An operator paused the node and has not resumed it. Kept through a
/// restart and a Down, so a paused node comes back Paused (as WSFC and Pacemaker keep a paused
/// or standby node), until resumed.</param>
public sealed record NodeStatus(
    string Name,
    NodeState State,
    DateTimeOffset? Since,
    long? Incarnation,
    int? ProcessId,
    string? Reason,
    bool PauseKept = false)
{
    /// <summary>Most departures a record keeps (the newest); more than any quarantine setting counts.</summary>
    public const int KeptDepartures = 16;

    /// <summary>When the node last left unplanned (committed Down, or seen restarted while Up),
    /// oldest first, at most <see cref="KeptDepartures"/>: what <see cref="QuarantineRule"/>
    /// counts. Not while an operator had it paused (<see cref="PauseKept"/>): that is planned.</summary>
    public System.Collections.Immutable.ImmutableArray<DateTimeOffset> Departures { get; init; } = [];

    /// <summary>Until when the node is quarantined (kept Paused, no roles, no NLB buckets), or null.</summary>
    public DateTimeOffset? QuarantinedUntil { get; init; }

    /// <summary>This record having left at <paramref name="at"/>: with a departure when the node
    /// was in the cluster (Up or Paused) and not paused by an operator, else unchanged.</summary>
    public NodeStatus Leaving(DateTimeOffset at) =>
        State is NodeState.Up or NodeState.Paused && !PauseKept
            ? this with { Departures = [.. (Departures.IsDefault ? [] : Departures).Append(at).TakeLast(KeptDepartures)] }
            : this;

    /// <summary>Value equality, departures compared by content (an ImmutableArray compares by
    /// reference), so two nodes that applied the same log hold equal records.</summary>
    public bool Equals(NodeStatus? other) =>
        other is not null && Name == other.Name && State == other.State && Since == other.Since && Incarnation == other.Incarnation
        && ProcessId == other.ProcessId && Reason == other.Reason && PauseKept == other.PauseKept && QuarantinedUntil == other.QuarantinedUntil
        && (Departures.IsDefault ? [] : Departures).SequenceEqual(other.Departures.IsDefault ? [] : other.Departures);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, State, Since, Incarnation, ProcessId, Reason, PauseKept, QuarantinedUntil);

    /// <summary>A node that the database has never seen.</summary>
    public static NodeStatus Joining(string name) => new(name, NodeState.Joining, null, null, null, null);
}
