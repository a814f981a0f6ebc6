using System.Collections.Immutable;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;

namespace Understudy.Core.Clones;

/// <summary>
/// What the leader commits about clone roles (docs/failover.md, "Clone roles"). A clone role runs
/// one instance on every eligible node — Up (so not paused, down or joining) and a possible
/// owner — instead of one owner. A node that stops being eligible loses its instance and nothing
/// fails over; a node that becomes eligible gets one. A failing instance restarts in place under
/// the role's restart policy and is left Failed on its node when the policy is used up. The
/// caller skips all of this in maintenance mode, which leaves instances as they are.
/// </summary>
public static class CloneDecisions
{
    /// <summary>The nodes that should run an instance of <paramref name="role"/>, in preference order.</summary>
    public static ImmutableArray<string> Eligible(RoleStatus role, ClusterState state, ImmutableArray<string> nodeOrder) =>
        role.Stopped
            ? []
            : [.. Placement.Preference(role.Definition, nodeOrder).Where(n => state.NodeOrJoining(n).State == NodeState.Up)];

    /// <summary>Instances to create on eligible nodes that lack one, and to remove from nodes that
    /// are no longer eligible.</summary>
    public static ImmutableArray<ClusterCommand> Decide(RoleStatus role, ClusterState state, FailoverView view, DateTimeOffset now)
    {
        var eligible = Eligible(role, state, view.NodeOrder);
        var commands = ImmutableArray.CreateBuilder<ClusterCommand>();
        foreach (var node in role.Instances.Keys.Where(n => !eligible.Contains(n)))
        {
            commands.Add(new CloneInstanceRemoved(now, role.Name, node, WhyNotEligible(role, state, node)));
        }

        foreach (var node in eligible.Where(n => !role.Instances.ContainsKey(n)))
        {
            commands.Add(new CloneInstanceStarted(now, role.Name, node, $"node {node} is eligible"));
        }

        return commands.ToImmutable();
    }

    /// <summary>Commands for one report of an instance's node: online, or a failure that the
    /// restart policy restarts in place or leaves Failed on that node.</summary>
    public static ImmutableArray<ClusterCommand> OnReport(RoleStatus role, ClusterState state, RoleReport report, DateTimeOffset now)
    {
        if (!role.Instances.TryGetValue(report.Node, out var instance) || instance.Token != report.Token
            || instance.State is not (RoleState.Pending or RoleState.Online))
        {
            return []; // stale: the instance was removed or replaced since
        }

        switch (report.Kind)
        {
            case RoleReportKind.Online:
                return instance.State == RoleState.Pending ? [new CloneInstanceOnline(now, role.Name, report.Node, report.Token)] : [];
            case RoleReportKind.Failed when !state.Maintenance:
                var resource = report.Resource ?? "(unknown)";
                var reason = report.Reason ?? "failed";
                var policy = role.Definition.Restart;
                return policy.AllowsRestart(instance.RestartTimes, now)
                    ? [new CloneInstanceRestarted(now, role.Name, report.Node, report.Token, resource, reason)]
                    : [new CloneInstanceFailed(now, role.Name, report.Node, report.Token, resource,
                        $"{resource} failed: {reason}; {policy.MaxRestarts} restarts within {policy.Window} used")];
            default:
                return [];
        }
    }

    private static string WhyNotEligible(RoleStatus role, ClusterState state, string node)
    {
        if (role.Stopped)
        {
            return "role stopped";
        }

        var nodeState = state.NodeOrJoining(node).State;
        return nodeState == NodeState.Up ? $"node {node} is not a possible owner" : $"node {node} is {nodeState}";
    }
}
