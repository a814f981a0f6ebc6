namespace Understudy.Core.Failover;

/// <summary>Which node led the cluster in which Raft term, as that leader committed it
/// (<see cref="Database.LeaderElected"/>).</summary>
/// <param name="Node">The leader.</param>
/// <param name="Term">Its Raft term.</param>
public sealed record Leadership(string Node, long Term);
