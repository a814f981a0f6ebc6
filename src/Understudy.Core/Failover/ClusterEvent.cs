namespace Understudy.Core.Failover;

/// <summary>One entry of the replicated event log.</summary>
/// <param name="Id">Increasing number, never reused; <c>GET /api/events?after=N</c> pages by it.</param>
/// <param name="At">Leader's clock when the change was committed.</param>
/// <param name="Kind">What happened: <c>NodeUp</c>, <c>NodeDown</c>, <c>RoleMoving</c>, <c>ResourceFailed</c>, …</param>
/// <param name="Role">The role concerned, or null.</param>
/// <param name="Node">The node concerned, or null.</param>
/// <param name="Reason">Why, for people.</param>
public sealed record ClusterEvent(long Id, DateTimeOffset At, string Kind, string? Role, string? Node, string Reason);
