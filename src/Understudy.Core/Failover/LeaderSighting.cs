namespace Understudy.Core.Failover;

/// <summary>Who led a term, and when this node first saw its <see cref="Database.LeaderElected"/>
/// in its copy of the database (monotonic time; no earlier than that leader was elected).</summary>
/// <param name="Node">The term's leader.</param>
/// <param name="Seen">When this node first saw it lead.</param>
public sealed record LeaderSighting(string Node, TimeSpan Seen);
