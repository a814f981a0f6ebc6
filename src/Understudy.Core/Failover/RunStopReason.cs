namespace Understudy.Core.Failover;

/// <summary>Why a node stops one of its runs (<see cref="LocalPlan"/>).</summary>
public enum RunStopReason
{
    /// <summary>The database no longer gives the run to this node: the role moved, stopped or was
    /// removed, or the instance went.</summary>
    NotThisNodes,

    /// <summary>The node does not hold its lease, or the database has not yet recorded this
    /// incarnation: the role is not given away, so the same run may start again in place (and
    /// the interruption is then reported).</summary>
    LeaseNotHeld,

    /// <summary>The node should still run the role, but a new run takes its place (a new token,
    /// revision or restart); it starts once this one has stopped.</summary>
    Replaced,
}
