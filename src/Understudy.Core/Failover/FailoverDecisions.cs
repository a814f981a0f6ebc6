using System.Collections.Immutable;
using Understudy.Core.Database;
using Understudy.Core.Membership;

namespace Understudy.Core.Failover;

/// <summary>
/// What the leader commits about roles. Pure: the coordinator calls <see cref="Decide"/> every
/// tick and the API calls <see cref="OnReport"/> for each report of an owner; both return commands
/// that the runtime replicates.
/// </summary>
public static class FailoverDecisions
{
    /// <summary>Placement, failover of roles on dead nodes, draining of paused nodes, failback.</summary>
    public static ImmutableArray<ClusterCommand> Decide(ClusterState state, FailoverView view, DateTimeOffset now)
    {
        if (state.Maintenance)
        {
            return [];
        }

        var commands = ImmutableArray.CreateBuilder<ClusterCommand>();
        var owners = state.Roles.Values.Where(r => !r.Definition.IsClone).ToDictionary(r => r.Name, r => r.Owner, StringComparer.Ordinal);
        var roles = state.Roles.Values.OrderBy(r => r.Definition.Priority).ThenBy(r => r.Name, StringComparer.Ordinal);
        foreach (var role in roles)
        {
            if (role.Definition.IsClone)
            {
                commands.AddRange(Clones.CloneDecisions.Decide(role, state, view, now));
                continue;
            }

            if (DecideRole(role, state, view, owners, now) is { } command)
            {
                commands.Add(command);
                if (command is RoleOwnerChanged moved)
                {
                    owners[role.Name] = moved.Owner;
                }
            }
        }

        return commands.ToImmutable();
    }

    /// <summary>Commands for one report of an owner: online, released, or a failure that the
    /// restart policy restarts in place, the failover policy fails over, or leaves Failed.</summary>
    public static ImmutableArray<ClusterCommand> OnReport(ClusterState state, FailoverView view, RoleReport report, DateTimeOffset now)
    {
        if (!state.Roles.TryGetValue(report.Role, out var role))
        {
            return [];
        }

        if (role.Definition.IsClone)
        {
            return Clones.CloneDecisions.OnReport(role, state, report, now);
        }

        if (report.Kind == RoleReportKind.Released)
        {
            return role.AwaitingRelease == report.Node ? [new RoleReleased(now, role.Name, report.Node, report.Reason is { } how ? $"previous owner {how}" : "previous owner stopped it")] : [];
        }

        if (role.FencingToken != report.Token || role.Owner != report.Node || role.State is not (RoleState.Pending or RoleState.Online))
        {
            return []; // a stale report: the role has moved on since
        }

        if (report.Kind == RoleReportKind.Interrupted)
        {
            return [new RoleInterrupted(now, role.Name, report.Node, report.Token, report.Reason ?? "lease lapsed; restarted in place")];
        }

        if (report.Kind == RoleReportKind.Online)
        {
            return role.State == RoleState.Pending ? [new RoleOnline(now, role.Name, report.Token)] : [];
        }

        var resource = report.Resource ?? "(unknown)";
        var reason = report.Reason ?? "failed";
        if (state.Maintenance)
        {
            return [];
        }

        if (role.Definition.Restart.AllowsRestart(role.RestartTimes, now))
        {
            return [new RoleRestarted(now, role.Name, report.Token, resource, reason)];
        }

        var restartLimit = $"{resource} failed: {reason}; {role.Definition.Restart.MaxRestarts} restarts within {role.Definition.Restart.Window} used";
        // The move records the failure that caused it (RoleFailed and RoleRestarted do too).
        var decision = FailOver(role, state, view, OwnersOf(state), now, restartLimit, resource, awaitRelease: false);
        return [decision is RoleOwnerChanged move ? move with { FailedResource = resource, FailureReason = reason } : decision];
    }

    private static RoleOwnerChanged? Place(RoleStatus role, ClusterState state, FailoverView view, Dictionary<string, string?> owners, DateTimeOffset now) =>
        Placement.Choose(role.Definition, state, view.NodeOrder, null, owners) is { } target
            ? new RoleOwnerChanged(now, role.Name, target, MoveKind.Place, AwaitRelease: false, "placed")
            : null;

    private static ClusterCommand? DecideRole(RoleStatus role, ClusterState state, FailoverView view, Dictionary<string, string?> owners, DateTimeOffset now)
    {
        if (role.State == RoleState.Failed || role.Stopped)
        {
            return null;
        }

        if (role.Owner is not { } owner)
        {
            return Place(role, state, view, owners, now);
        }

        var node = state.NodeOrJoining(owner);
        if (node.State == NodeState.Down)
        {
            // Awaiting the Down owner's release all the same: the new owner starts only once the
            // leases the owner may have been noted by members have surely ended too (the release
            // below, LeaseWitness), or once it reports that it stopped the role.
            return view.LeaseExpired.Contains(owner)
                ? FailOver(role, state, view, owners, now, $"node {owner} is down and its lease has expired", null, awaitRelease: true)
                : null;
        }

        if (node.State == NodeState.Paused)
        {
            return Placement.Choose(role.Definition, state, view.NodeOrder, owner, owners) is { } target
                ? new RoleOwnerChanged(now, role.Name, target, MoveKind.Drain, AwaitRelease: true, $"node {owner} paused")
                : null;
        }

        if (role.AwaitingRelease is { } previous && state.NodeOrJoining(previous).State == NodeState.Down && view.LeaseExpired.Contains(previous))
        {
            return new RoleReleased(now, role.Name, previous, $"node {previous} is down and its lease has expired");
        }

        return Failback(role, state, view, owners, owner, now);
    }

    private static ClusterCommand? Failback(RoleStatus role, ClusterState state, FailoverView view, Dictionary<string, string?> owners, string owner, DateTimeOffset now)
    {
        if (role.State != RoleState.Online)
        {
            return null;
        }

        if (role.DrainedFrom is { } home && home != owner && state.NodeOrJoining(home).State == NodeState.Up
            && Placement.Preference(role.Definition, view.NodeOrder).Contains(home))
        {
            return new RoleOwnerChanged(now, role.Name, home, MoveKind.Failback, AwaitRelease: true, $"node {home} resumed with failback");
        }

        if (!role.FailedOver || !role.Definition.Failback.Allows(now))
        {
            return null;
        }

        var preference = Placement.Preference(role.Definition, view.NodeOrder);
        var best = preference.FirstOrDefault(n => state.NodeOrJoining(n).State == NodeState.Up);
        return best is not null && best != owner && preference.IndexOf(best) < preference.IndexOf(owner)
            ? new RoleOwnerChanged(now, role.Name, best, MoveKind.Failback, AwaitRelease: true, $"failback to preferred owner {best}")
            : null;
    }

    // Another owner if the failover policy allows one, else Failed where it is.
    private static ClusterCommand FailOver(RoleStatus role, ClusterState state, FailoverView view, Dictionary<string, string?> owners, DateTimeOffset now, string reason, string? resource, bool awaitRelease)
    {
        var policy = role.Definition.Failover;
        if (!policy.AllowsFailover(role.FailoverTimes, now, view.NodeOrder.Length))
        {
            return new RoleFailed(now, role.Name, role.FencingToken, resource, $"{reason}; failover limit reached ({policy.LimitFor(view.NodeOrder.Length)} within {policy.Window})");
        }

        return Placement.Choose(role.Definition, state, view.NodeOrder, role.Owner, owners) is { } target
            ? new RoleOwnerChanged(now, role.Name, target, MoveKind.Failover, awaitRelease, reason)
            : new RoleFailed(now, role.Name, role.FencingToken, resource, $"{reason}; no other possible owner is up");
    }

    private static Dictionary<string, string?> OwnersOf(ClusterState state) =>
        state.Roles.Values.ToDictionary(r => r.Name, r => r.Owner, StringComparer.Ordinal);
}
