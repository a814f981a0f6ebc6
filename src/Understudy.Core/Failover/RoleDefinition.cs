using System.Collections.Immutable;

namespace Understudy.Core.Failover;

/// <summary>A role as declared in the cluster file or through the API: what runs, where it may run,
/// and the policies that move it.</summary>
public sealed record RoleDefinition
{
    /// <summary>Unique role name.</summary>
    public required string Name { get; init; }

    /// <summary>Resources in declaration order; dependencies are checked to form no cycle.</summary>
    public required ImmutableArray<ResourceDefinition> Resources { get; init; }

    /// <summary>Nodes in order of preference; nodes not listed follow in cluster-file order.</summary>
    public ImmutableArray<string> PreferredOwners { get; init; } = [];

    /// <summary>The only nodes that may own the role; empty means every node.</summary>
    public ImmutableArray<string> PossibleOwners { get; init; } = [];

    /// <summary>Anti-affinity class names: roles sharing one avoid sharing a node (soft).</summary>
    public ImmutableArray<string> AntiAffinity { get; init; } = [];

    /// <summary>Placement order.</summary>
    public StartPriority Priority { get; init; } = StartPriority.Medium;

    /// <summary>Failback policy; prevented by default.</summary>
    public FailbackPolicy Failback { get; init; } = FailbackPolicy.Prevent;

    /// <summary>Restart-in-place policy.</summary>
    public RestartPolicy Restart { get; init; } = RestartPolicy.Default;

    /// <summary>Failover limit.</summary>
    public FailoverPolicy Failover { get; init; } = FailoverPolicy.Default;

    /// <summary>A clone role runs one instance on every eligible node instead of one owner
    /// (<see cref="Clones.CloneDecisions"/>); the failover policy, preferences among possible
    /// owners, anti-affinity and failback do not apply to it.</summary>
    public bool IsClone { get; init; }

    /// <summary>Resources in an order where each comes after everything it depends on.</summary>
    public ImmutableArray<ResourceDefinition> StartOrder()
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = ImmutableArray.CreateBuilder<ResourceDefinition>();
        while (order.Count < Resources.Length)
        {
            var next = Resources.FirstOrDefault(r => !done.Contains(r.Name) && r.DependsOn.All(done.Contains));
            if (next is null)
            {
                break; // a cycle; the validator refuses those, so this is only a guard
            }

            done.Add(next.Name);
            order.Add(next);
        }

        return order.ToImmutable();
    }
}
