namespace Understudy.Core.Failover;

/// <summary>A run on a node now, not asked to stop (<see cref="LocalPlan"/>).</summary>
/// <param name="Key">Which run it is.</param>
/// <param name="Stopped">True when it has stopped already: a run stops itself when one of its
/// resources fails, and stays until the database says what next.</param>
public sealed record LocalRun(RoleKey Key, bool Stopped = false);
