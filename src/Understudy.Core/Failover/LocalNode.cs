namespace Understudy.Core.Failover;

/// <summary>The node a <see cref="LocalPlan"/> is for: this process.</summary>
/// <param name="Name">Node name.</param>
/// <param name="Incarnation">This process's incarnation (new at every start of the node).</param>
/// <param name="Address">The node's address, for clone instances' <c>${nodeAddress}</c>.</param>
public sealed record LocalNode(string Name, long Incarnation, string Address);
