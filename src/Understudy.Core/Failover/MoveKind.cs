namespace Understudy.Core.Failover;

/// <summary>Why a role's owner changed; decides what is counted and what is awaited.</summary>
public enum MoveKind
{
    /// <summary>First placement of a role without an owner.</summary>
    Place,

    /// <summary>Its node died or its resources failed past the restart policy (counted by the failover policy).</summary>
    Failover,

    /// <summary>An operator moved it.</summary>
    Move,

    /// <summary>Its node was paused.</summary>
    Drain,

    /// <summary>Back to a more preferred owner (failback policy, or resume with failback).</summary>
    Failback,

    /// <summary>An operator stopped it: no owner.</summary>
    Stop,

    /// <summary>An operator started it (also clears Failed).</summary>
    Start,
}
