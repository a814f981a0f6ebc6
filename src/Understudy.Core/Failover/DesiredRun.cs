namespace Understudy.Core.Failover;

/// <summary>A run a node should have: a role it owns, or its instance of a clone role.</summary>
/// <param name="Key">The run's identity: a change means stop and start again.</param>
/// <param name="Definition">The definition to run (for a clone instance, with the node's address
/// in place of <c>${nodeAddress}</c>, <see cref="Clones.NodeAddressToken.ForNode"/>).</param>
/// <param name="Pending">True until the database records it Online.</param>
/// <param name="IsClone">True for a clone instance: it runs without the lease (docs/failover.md).</param>
public sealed record DesiredRun(RoleKey Key, RoleDefinition Definition, bool Pending, bool IsClone);
