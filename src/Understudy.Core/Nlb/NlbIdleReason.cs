using Understudy.Core.Database;
using Understudy.Core.Membership;

namespace Understudy.Core.Nlb;

/// <summary>
/// Why a member owns no buckets of some rule, in words for <c>nlb status</c>: the first of its
/// node's state, its admission, its NLB state, and the clone instances of the rules it cannot
/// serve. Null when it takes its share of every rule. Without it an operator sees a member
/// "Started" and "admitted" with a 0% share and has to read the role and node tables to learn
/// that its node is quarantined or its instance Failed.
/// </summary>
public static class NlbIdleReason
{
    /// <summary>The reason <paramref name="member"/> of <paramref name="view"/> takes no new
    /// connections of at least one rule, or null.</summary>
    public static string? Of(NlbView view, ClusterState state, NlbMemberView member)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(member);
        var node = state.NodeOrJoining(member.Node);
        if (node.State != NodeState.Up)
        {
            return $"node {member.Node} is {node.State}" + (node.Reason is { } why ? $": {why}" : "");
        }

        if (!member.Status.IsAdmitted)
        {
            return member.Status.Admission is { Reason: { } refused } ? $"not admitted: {refused}" : "not admitted yet (its rules not announced)";
        }

        if (member.Status.State != NlbMemberState.Started)
        {
            return $"{member.Status.State.ToString().ToLowerInvariant()}" + (member.Status.Reason is { } reason ? $": {reason}" : "");
        }

        var idle = view.Rules
            .Where(r => r.Rule.Mode != FilteringMode.Disabled && !NlbViews.Serves(r.Rule, state, member.Node))
            .Select(r => $"rule {r.Rule.Name}: {Instance(state, r.Rule.Role!, member.Node)}")
            .ToList();
        return idle.Count == 0 ? null : string.Join("; ", idle);
    }

    private static string Instance(ClusterState state, string role, string node)
    {
        if (!state.Roles.TryGetValue(role, out var status))
        {
            return $"role {role} is not defined yet";
        }

        if (status.Stopped)
        {
            return $"role {role} is stopped";
        }

        return status.Instances.TryGetValue(node, out var instance)
            ? $"its instance of {role} is {instance.State}" + (instance.Reason is { } reason ? $" ({reason})" : "")
            : $"no instance of {role} here (not a possible owner)";
    }
}
