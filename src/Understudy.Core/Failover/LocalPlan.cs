using System.Collections.Immutable;
using Understudy.Core.Clones;
using Understudy.Core.Database;

namespace Understudy.Core.Failover;

/// <summary>
/// What one node should run now, from its copy of the database, and the steps from what runs
/// there: runs to stop, runs to start, releases to report. Every node's reconciler applies it.
/// <para>A role runs only while the node holds its lease, owns the role, and no previous owner
/// still has to release it. Nothing runs — not even clone instances, which need no lease —
/// until the database records this process as the node's incarnation
/// (<c>Nodes[node].Incarnation</c>): until then what it says the node runs belongs to the
/// previous incarnation, under tokens the leader renews when it records this one
/// (<see cref="IncarnationTokens"/>). A role's new run starts only once its old run has stopped.</para>
/// </summary>
/// <param name="Desired">Every run the node should have now, by role name.</param>
/// <param name="Stop">Runs to stop, in role-name order.</param>
/// <param name="Start">Runs to start, in role-name order.</param>
/// <param name="Release">Roles awaiting this node's release that no longer run here: report them released.</param>
public sealed record LocalPlan(
    ImmutableSortedDictionary<string, DesiredRun> Desired,
    ImmutableArray<RunStop> Stop,
    ImmutableArray<DesiredRun> Start,
    ImmutableArray<RoleStatus> Release)
{
    /// <summary>The plan for <paramref name="node"/>.</summary>
    /// <param name="state">The node's copy of the database.</param>
    /// <param name="node">This node and process.</param>
    /// <param name="leaseHeld">Whether the node holds its lease now.</param>
    /// <param name="running">The run of each role that is here and not asked to stop.</param>
    /// <param name="stopping">Roles whose run was asked to stop and has not stopped yet.</param>
    public static LocalPlan For(
        ClusterState state,
        LocalNode node,
        bool leaseHeld,
        IReadOnlyDictionary<string, LocalRun> running,
        IReadOnlySet<string> stopping)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(stopping);
        var holds = leaseHeld && IsRecorded(state, node);
        var desired = Runs(state, node, leaseHeld);
        var stop = running
            .Where(r => !desired.TryGetValue(r.Key, out var run) || run.Key != r.Value.Key)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new RunStop(r.Value.Key, desired.ContainsKey(r.Key) ? RunStopReason.Replaced : holds ? RunStopReason.NotThisNodes : RunStopReason.LeaseNotHeld))
            .ToImmutableArray();

        // Nothing of the role runs here once this plan is applied: no run, or one that has
        // stopped already (a failed run) and leaves now.
        bool Gone(string role) => running.TryGetValue(role, out var run)
            ? run.Stopped && stop.Any(s => s.Run.Role == role)
            : !stopping.Contains(role);

        var start = desired.Values.Where(r => Gone(r.Key.Role)).ToImmutableArray();
        var release = state.Roles.Values.Where(r => r.AwaitingRelease == node.Name && Gone(r.Name) && !start.Any(s => s.Key.Role == r.Name));
        return new LocalPlan(desired, stop, start, [.. release]);
    }

    /// <summary>Every run <paramref name="node"/> should have now: the roles it owns (Pending or
    /// Online, no release awaited) while it holds its lease, and its Pending or Online clone
    /// instances — both only once the database records this incarnation.</summary>
    /// <param name="state">The node's copy of the database.</param>
    /// <param name="node">This node and process.</param>
    /// <param name="leaseHeld">Whether the node holds its lease now.</param>
    public static ImmutableSortedDictionary<string, DesiredRun> Runs(ClusterState state, LocalNode node, bool leaseHeld)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(node);
        if (!IsRecorded(state, node))
        {
            return ImmutableSortedDictionary<string, DesiredRun>.Empty.WithComparers(StringComparer.Ordinal);
        }

        var owned = leaseHeld
            ? from role in state.Roles.Values
              where role.Owner == node.Name && role.State is RoleState.Pending or RoleState.Online && role.AwaitingRelease is null
              select new DesiredRun(new RoleKey(role.Name, role.FencingToken, role.Revision, role.Restarts), role.Definition, role.State == RoleState.Pending, IsClone: false)
            : [];
        var instances =
            from role in state.Roles.Values
            where role.Definition.IsClone && !role.Stopped
            let instance = role.Instances.GetValueOrDefault(node.Name)
            where instance is { State: RoleState.Pending or RoleState.Online }
            select new DesiredRun(new RoleKey(role.Name, instance.Token, role.Revision, instance.Restarts), NodeAddressToken.ForNode(role.Definition, node.Address), instance.State == RoleState.Pending, IsClone: true);
        return owned.Concat(instances).ToImmutableSortedDictionary(r => r.Key.Role, r => r, StringComparer.Ordinal);
    }

    /// <summary>True once the database records <paramref name="node"/>'s process as the node's incarnation.</summary>
    public static bool IsRecorded(ClusterState state, LocalNode node)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(node);
        return state.Nodes.TryGetValue(node.Name, out var recorded) && recorded.Incarnation == node.Incarnation;
    }
}
