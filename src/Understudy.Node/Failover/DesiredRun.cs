using Understudy.Core.Failover;

namespace Understudy.Node.Failover;

/// <summary>A run this node should have: a role it owns, or its instance of a clone role.</summary>
/// <param name="Key">The run's identity: a change means stop and start again.</param>
/// <param name="Definition">The role's definition.</param>
/// <param name="Pending">True until the database records it Online.</param>
/// <param name="IsClone">True for a clone instance: it runs without the lease (docs/failover.md).</param>
internal sealed record DesiredRun(RoleKey Key, RoleDefinition Definition, bool Pending, bool IsClone);
