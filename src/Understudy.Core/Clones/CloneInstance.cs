using System.Collections.Immutable;
using Understudy.Core.Failover;

namespace Understudy.Core.Clones;

/// <summary>
/// One instance of a clone role on one node: its own state, token and restarts. A clone role has
/// one on every eligible node (<see cref="CloneDecisions"/>) and never moves one to another node.
/// </summary>
public sealed record CloneInstance
{
    /// <summary>The node that runs it.</summary>
    public required string Node { get; init; }

    /// <summary>Pending (starting), Online, or Failed (its restart policy is used up).</summary>
    public RoleState State { get; init; } = RoleState.Pending;

    /// <summary>Taken from the cluster's fencing counter when the instance was created, so a
    /// report about an earlier instance on the same node is recognised as stale.</summary>
    public long Token { get; init; }

    /// <summary>Restarts in place of this instance.</summary>
    public int Restarts { get; init; }

    /// <summary>When those restarts happened (pruned to the restart window).</summary>
    public ImmutableArray<DateTimeOffset> RestartTimes { get; init; } = [];

    /// <summary>When the state last changed (leader's clock).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Why the state last changed.</summary>
    public string? Reason { get; init; }
}
