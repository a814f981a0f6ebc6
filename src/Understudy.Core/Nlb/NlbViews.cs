using System.Collections.Immutable;
using Understudy.Core.Database;
using Understudy.Core.Membership;

namespace Understudy.Core.Nlb;

/// <summary>Derives the <see cref="NlbView"/> from the cluster file's <c>nlb:</c> section and the
/// committed database: who is eligible, each member's weights, each rule's bucket map.</summary>
public static class NlbViews
{
    /// <summary>The view of <paramref name="state"/> under <paramref name="config"/>.</summary>
    public static NlbView Derive(NlbConfig config, ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(state);
        var members = config.Members.Select(m => Member(config, state, m)).ToImmutableArray();
        var eligible = members.Where(m => m.Eligible).ToArray();
        var rules = config.Rules.Select(rule => new RuleMap(rule, rule.Mode switch
        {
            FilteringMode.Disabled => BucketMap.Empty(rule.Name),
            FilteringMode.Single => WeightedRendezvous.Single(rule.Name, [.. eligible
                .Where(m => Serves(rule, state, m.Node))
                .OrderBy(m => rule.HandlingPriorities.TryGetValue(m.Node, out var p) ? p : m.HostPriority)
                .ThenBy(m => m.Node, StringComparer.Ordinal)
                .Select(m => m.Node)]),
            _ => WeightedRendezvous.Build(rule.Name, eligible.Where(m => Serves(rule, state, m.Node)).Select(m => (m.Node, m.Weights[rule.Name]))),
        })).ToImmutableArray();
        return new NlbView
        {
            Version = state.Version,
            Config = config,
            Rules = rules,
            Members = members,
            DefaultHost = eligible.OrderBy(m => m.HostPriority).FirstOrDefault()?.Node,
        };
    }

    /// <summary>
    /// Whether <paramref name="node"/>'s service for <paramref name="rule"/> can take connections:
    /// always for an external service; for a rule served by a clone role, only while the node's
    /// instance of it is Online (health-aware balancing, as a load balancer's health checks give).
    /// </summary>
    public static bool Serves(PortRule rule, ClusterState state, string node)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(state);
        return rule.Role is not { } role
            || (state.Roles.TryGetValue(role, out var status) && status.Instances.TryGetValue(node, out var instance)
                && instance.State == Failover.RoleState.Online);
    }

    private static NlbMemberView Member(NlbConfig config, ClusterState state, NlbMemberConfig member)
    {
        var status = state.Nlb.MemberOrInitial(member.Node);
        var eligible = state.NodeOrJoining(member.Node).State == NodeState.Up
            && status.IsAdmitted
            && status.State == NlbMemberState.Started;
        var weights = config.Rules.ToImmutableSortedDictionary(
            r => r.Name,
            r => state.Nlb.Weights.TryGetValue(NlbState.WeightKey(member.Node, r.Name), out var w) ? w : r.WeightOf(member.Node),
            StringComparer.Ordinal);
        return new NlbMemberView(member.Node, status, member.HostPriority, eligible, weights);
    }
}
