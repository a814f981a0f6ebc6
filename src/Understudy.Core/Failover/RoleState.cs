namespace Understudy.Core.Failover;

/// <summary>A role's state as committed in the cluster database.</summary>
public enum RoleState
{
    /// <summary>No owner: stopped by an operator, or not yet placed.</summary>
    Offline,

    /// <summary>An owner is assigned and is bringing the resources online.</summary>
    Pending,

    /// <summary>Every resource is online on the owner.</summary>
    Online,

    /// <summary>Restart and failover limits are exhausted: the role stays where it is, stopped,
    /// until an operator starts or moves it.</summary>
    Failed,
}
