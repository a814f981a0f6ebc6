namespace Understudy.Core.Failover;

/// <summary>A resource's state as committed in the cluster database.</summary>
public enum ResourceState
{
    /// <summary>Not running.</summary>
    Offline,

    /// <summary>Being brought online.</summary>
    Pending,

    /// <summary>Running and healthy.</summary>
    Online,

    /// <summary>The last failure of the role was this resource's.</summary>
    Failed,
}
