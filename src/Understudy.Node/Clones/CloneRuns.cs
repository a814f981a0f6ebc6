using Understudy.Core.Failover;
using Understudy.Core.Membership;
using Understudy.Node.Failover;

namespace Understudy.Node.Clones;

/// <summary>
/// This node's clone instances as the database records them. They run whether or not the node
/// holds its lease (docs/failover.md, "Clone roles": many instances are the point, and a leader
/// election must not stop every instance at once), so their guards watch a lease file that never
/// expires instead of the node's.
/// </summary>
internal sealed class CloneRuns(NodeDataDirectory data)
{
    private readonly Lazy<string> _leaseFile = new(() =>
    {
        var path = Path.Combine(data.Root, "clone-lease");
        LeaseFile.Write(path, long.MaxValue);
        return path;
    });

    /// <summary>The lease file that clone instances' guards watch: it never runs out.</summary>
    public string LeaseFilePath => _leaseFile.Value;

    /// <summary>Instances <paramref name="node"/> should run: Pending or Online ones.</summary>
    public static IEnumerable<DesiredRun> Desired(ClusterState state, string node) =>
        from role in state.Roles.Values
        where role.Definition.IsClone && !role.Stopped
        let instance = role.Instances.GetValueOrDefault(node)
        where instance is { State: RoleState.Pending or RoleState.Online }
        select new DesiredRun(new RoleKey(role.Name, instance.Token, role.Revision, instance.Restarts), role.Definition, instance.State == RoleState.Pending, IsClone: true);
}
