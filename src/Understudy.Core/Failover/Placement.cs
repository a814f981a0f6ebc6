using System.Collections.Immutable;
using Understudy.Core.Database;
using Understudy.Core.Membership;

namespace Understudy.Core.Failover;

/// <summary>
/// Where a role should run (WSFC placement): preferred owners in order, then every other node in
/// cluster-file order; possible owners are a hard limit; only Up nodes qualify (paused, down and
/// joining nodes do not); anti-affinity is soft — a node holding fewer roles of a shared class
/// wins, preference order breaks ties.
/// </summary>
public static class Placement
{
    /// <summary>Candidate nodes in preference order, before liveness and anti-affinity.</summary>
    public static ImmutableArray<string> Preference(RoleDefinition role, ImmutableArray<string> nodeOrder)
    {
        var preferred = role.PreferredOwners.Where(nodeOrder.Contains);
        var ordered = preferred.Concat(nodeOrder.Where(n => !role.PreferredOwners.Contains(n)));
        return [.. ordered.Where(n => role.PossibleOwners.IsEmpty || role.PossibleOwners.Contains(n))];
    }

    /// <summary>The best node for <paramref name="role"/>, or null if no node qualifies.</summary>
    /// <param name="role">The role to place.</param>
    /// <param name="state">The committed database (node states, other roles' owners).</param>
    /// <param name="nodeOrder">Nodes in cluster-file order.</param>
    /// <param name="exclude">A node that must not be chosen (the one the role leaves), or null.</param>
    /// <param name="owners">Current owner of each role, including moves decided this round.</param>
    public static string? Choose(
        RoleDefinition role,
        ClusterState state,
        ImmutableArray<string> nodeOrder,
        string? exclude,
        IReadOnlyDictionary<string, string?> owners)
    {
        var candidates = Preference(role, nodeOrder)
            .Where(n => n != exclude && state.NodeOrJoining(n).State == NodeState.Up)
            .Select((node, rank) => (node, rank, conflicts: Conflicts(role, node, state, owners)))
            .OrderBy(c => c.conflicts)
            .ThenBy(c => c.rank)
            .ToList();
        return candidates.Count == 0 ? null : candidates[0].node;
    }

    // Roles on the node that share an anti-affinity class with the role being placed.
    private static int Conflicts(RoleDefinition role, string node, ClusterState state, IReadOnlyDictionary<string, string?> owners) =>
        role.AntiAffinity.IsEmpty
            ? 0
            : owners.Count(o => o.Value == node && o.Key != role.Name
                && state.Roles.TryGetValue(o.Key, out var other)
                && other.Definition.AntiAffinity.Intersect(role.AntiAffinity, StringComparer.Ordinal).Any());
}
