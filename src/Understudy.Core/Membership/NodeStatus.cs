namespace Understudy.Core.Membership;

/// <summary>The committed membership record of one node.</summary>
/// <param name="Name">Node name from the cluster file.</param>
/// <param name="State">Current state.</param>
/// <param name="Since">When the leader committed the current state (leader's clock).</param>
/// <param name="Incarnation">Incarnation of the node process last seen Up, or null if never Up.</param>
/// <param name="ProcessId">OS process id of that incarnation, or null.</param>
/// <param name="Reason">Why the state last changed, for people reading status.</param>
/// <param name="PauseKept">An operator paused the node and has not resumed it. Kept through a
/// restart and a Down, so a paused node comes back Paused (as WSFC and Pacemaker keep a paused
/// or standby node), until resumed.</param>
public sealed record NodeStatus(
    string Name,
    NodeState State,
    DateTimeOffset? Since,
    long? Incarnation,
    int? ProcessId,
    string? Reason,
    bool PauseKept = false)
{
    /// <summary>A node that the database has never seen.</summary>
    public static NodeStatus Joining(string name) => new(name, NodeState.Joining, null, null, null, null);
}
