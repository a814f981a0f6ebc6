namespace Understudy.Core.Failover;

/// <summary>A run to stop, and why (<see cref="LocalPlan"/>).</summary>
/// <param name="Run">The run that runs here now.</param>
/// <param name="Reason">Why it stops.</param>
public sealed record RunStop(RoleKey Run, RunStopReason Reason);
