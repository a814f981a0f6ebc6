using System.Collections.Immutable;

namespace Understudy.Core.Failover;

/// <summary>The committed record of one role: its definition and where it runs.</summary>
public sealed record RoleStatus
{
    /// <summary>The role's definition.</summary>
    public required RoleDefinition Definition { get; init; }

    /// <summary>Incremented each time the definition is replaced, so owners restart on the new one.</summary>
    public int Revision { get; init; }

    /// <summary>Committed state.</summary>
    public RoleState State { get; init; } = RoleState.Offline;

    /// <summary>The node that may run it, or null.</summary>
    public string? Owner { get; init; }

    /// <summary>Fencing token of the current ownership: grows with every owner change, cluster-wide.</summary>
    public long FencingToken { get; init; }

    /// <summary>Restarts in place on the current owner.</summary>
    public int Restarts { get; init; }

    /// <summary>When those restarts happened (pruned to the restart window).</summary>
    public ImmutableArray<DateTimeOffset> RestartTimes { get; init; } = [];

    /// <summary>When the role failed over (pruned to the failover window).</summary>
    public ImmutableArray<DateTimeOffset> FailoverTimes { get; init; } = [];

    /// <summary>Per-resource state by name.</summary>
    public ImmutableSortedDictionary<string, ResourceState> Resources { get; init; } =
        ImmutableSortedDictionary<string, ResourceState>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>A previous owner that is alive and must confirm it stopped the role before the new
    /// owner starts it (planned moves), or null.</summary>
    public string? AwaitingRelease { get; init; }

    /// <summary>True after an automatic failover, until a move, failback or start.</summary>
    public bool FailedOver { get; init; }

    /// <summary>The paused node the role was drained from, kept for resume with failback.</summary>
    public string? DrainedFrom { get; init; }

    /// <summary>True when an operator stopped it (or it is NoAutoStart and was never started).</summary>
    public bool Stopped { get; init; }

    /// <summary>When the state last changed (leader's clock).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Why the state last changed.</summary>
    public string? Reason { get; init; }

    /// <summary>A clone role's instances by node (<see cref="RoleDefinition.IsClone"/>); empty otherwise.</summary>
    public ImmutableSortedDictionary<string, Clones.CloneInstance> Instances { get; init; } =
        ImmutableSortedDictionary<string, Clones.CloneInstance>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Role name.</summary>
    public string Name => Definition.Name;

    /// <summary>This record with every resource in <paramref name="state"/>.</summary>
    public RoleStatus WithAllResources(ResourceState state) => this with
    {
        Resources = Definition.Resources.ToImmutableSortedDictionary(r => r.Name, _ => state, StringComparer.Ordinal),
    };
}
