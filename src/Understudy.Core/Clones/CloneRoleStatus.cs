using Understudy.Core.Failover;

namespace Understudy.Core.Clones;

/// <summary>Changes to a clone role's instances, keeping the role's summary state in step.</summary>
public static class CloneRoleStatus
{
    /// <summary>The role with <paramref name="instance"/> set for its node.</summary>
    public static RoleStatus WithInstance(this RoleStatus role, CloneInstance instance) =>
        Summarised(role with { Instances = role.Instances.SetItem(instance.Node, instance) });

    /// <summary>The role without an instance on <paramref name="node"/>.</summary>
    public static RoleStatus WithoutInstance(this RoleStatus role, string node) =>
        Summarised(role with { Instances = role.Instances.Remove(node) });

    /// <summary>
    /// A clone role's own state summarises its instances: Online while any instance is Online (it
    /// is serving somewhere), else Pending while any is starting, else Failed if every instance
    /// failed, else Offline (no instance).
    /// </summary>
    public static RoleState Summary(RoleStatus role)
    {
        var states = role.Instances.Values.Select(i => i.State).ToList();
        return states.Contains(RoleState.Online) ? RoleState.Online
            : states.Contains(RoleState.Pending) ? RoleState.Pending
            : states.Count > 0 ? RoleState.Failed
            : RoleState.Offline;
    }

    private static RoleStatus Summarised(RoleStatus role)
    {
        var state = Summary(role);
        var resources = state switch
        {
            RoleState.Online => ResourceState.Online,
            RoleState.Pending => ResourceState.Pending,
            RoleState.Failed => ResourceState.Failed,
            _ => ResourceState.Offline,
        };
        return role.State == state ? role : role.WithAllResources(resources) with { State = state };
    }
}
