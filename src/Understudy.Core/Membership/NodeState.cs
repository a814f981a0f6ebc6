namespace Understudy.Core.Membership;

/// <summary>A node's membership state as committed in the cluster database.</summary>
public enum NodeState
{
    /// <summary>Declared in the cluster file but never heard from since the database began.</summary>
    Joining,

    /// <summary>Heartbeating; takes part in the cluster.</summary>
    Up,

    /// <summary>Silent for longer than the failure detector allows.</summary>
    Down,

    /// <summary>Alive but administratively paused: runs no roles (WSFC "pause node").</summary>
    Paused,
}
