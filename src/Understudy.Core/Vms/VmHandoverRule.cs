using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;

namespace Understudy.Core.Vms;

/// <summary>
/// When a VM role's stop is a live migration (docs/vms.md, "Live migration on a planned move").
/// A planned move (<c>role move</c>, a drain, a failback) commits the new owner with
/// <see cref="RoleStatus.AwaitingRelease"/> = the old owner; the old owner, stopping the role,
/// migrates a running VM of a driver that can migrate to the new owner instead of stopping it.
/// Everything else — a failure, a lost lease, a stop, an unplanned failover, a hung or dead VM,
/// a target that is not Up — is a stop, and the next owner boots the VM afresh.
/// </summary>
public static class VmHandoverRule
{
    /// <summary>The source's decision, taken when its role run stops.</summary>
    /// <param name="state">This node's (barrier-fresh) database.</param>
    /// <param name="role">The role the VM belongs to.</param>
    /// <param name="self">This node.</param>
    /// <param name="runToken">The fencing token this node ran the role under.</param>
    /// <param name="driverCanMigrate">Whether the VM's driver live-migrates (QEMU).</param>
    /// <param name="vmRunning">Whether the VM runs here now (not hung, stopped or dead).</param>
    /// <param name="holdsLease">Whether this node holds its lease.</param>
    public static VmHandover OnStop(ClusterState state, string role, string self, long runToken, bool driverCanMigrate, bool vmRunning, bool holdsLease)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!driverCanMigrate)
        {
            return VmHandover.Restart("the driver cannot live-migrate");
        }

        if (!vmRunning)
        {
            return VmHandover.Restart("the VM is not running");
        }

        if (!holdsLease)
        {
            return VmHandover.Restart("this node holds no lease");
        }

        if (!state.Roles.TryGetValue(role, out var status) || status.Owner is not { } target || target == self)
        {
            return VmHandover.Restart("the role has no other owner");
        }

        if (status.AwaitingRelease != self || status.FencingToken <= runToken)
        {
            return VmHandover.Restart("not a planned move from this node");
        }

        if (!state.Nodes.TryGetValue(target, out var node) || node.State != NodeState.Up)
        {
            return VmHandover.Restart($"the new owner {target} is not Up");
        }

        return new VmHandover(VmHandoverKind.Migrate, target, status.FencingToken, $"planned move to {target} (token {status.FencingToken})");
    }

    /// <summary>The target's check before it starts an incoming VM for <paramref name="source"/>,
    /// and again while it waits: null if this node is the role's committed owner under
    /// <paramref name="token"/>, waiting for <paramref name="source"/> (or already released by it);
    /// otherwise why not.</summary>
    public static string? RefuseIncoming(ClusterState state, string role, string self, string source, long token, bool holdsLease)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!holdsLease)
        {
            return "this node holds no lease";
        }

        if (!state.Roles.TryGetValue(role, out var status))
        {
            return $"no role named '{role}'";
        }

        if (status.Owner != self || status.FencingToken != token)
        {
            return $"role {role} is not this node's under token {token} (owner {status.Owner ?? "none"}, token {status.FencingToken})";
        }

        return status.AwaitingRelease is null || status.AwaitingRelease == source
            ? null
            : $"role {role} awaits a release from {status.AwaitingRelease}, not {source}";
    }
}
