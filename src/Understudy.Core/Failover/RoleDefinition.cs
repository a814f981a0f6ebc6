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

    /// <summary>Most resources in one role. Real roles have a handful; the cap bounds what one
    /// role costs every node to validate, store and reconcile (issue 13: a 40,000-resource role
    /// posted to the leader stalled it).</summary>
    public const int MaxResources = 1000;

    /// <summary>
    /// Resources in an order where each comes after everything it depends on: at each step the
    /// first resource in declaration order whose dependencies are all placed. Kahn's algorithm
    /// with the ready resources in a queue ordered by declaration index, so O((n + e) log n);
    /// rescanning the list for the next ready one made this quadratic. Resources on a cycle, or
    /// depending on a name that is not in the role, are left out (the validator refuses both).
    /// </summary>
    public ImmutableArray<ResourceDefinition> StartOrder()
    {
        var index = new Dictionary<string, int>(Resources.Length, StringComparer.Ordinal);
        for (var i = 0; i < Resources.Length; i++)
        {
            index.TryAdd(Resources[i].Name, i);
        }

        var waitingOn = new int[Resources.Length];
        var dependents = new List<int>?[Resources.Length];
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < Resources.Length; i++)
        {
            foreach (var dependency in Resources[i].DependsOn.Distinct(StringComparer.Ordinal))
            {
                waitingOn[i]++;
                if (index.TryGetValue(dependency, out var on) && on != i)
                {
                    (dependents[on] ??= []).Add(i);
                }
            }

            if (waitingOn[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        var order = ImmutableArray.CreateBuilder<ResourceDefinition>(Resources.Length);
        while (ready.TryDequeue(out var next, out _))
        {
            order.Add(Resources[next]);
            foreach (var dependent in dependents[next] ?? [])
            {
                if (--waitingOn[dependent] == 0)
                {
                    ready.Enqueue(dependent, dependent);
                }
            }
        }

        return order.ToImmutable();
    }
}
