namespace Understudy.Core.Failover;

/// <summary>What an owner tells the leader about a role it runs.</summary>
/// <param name="Role">Role name.</param>
/// <param name="Node">The reporting node.</param>
/// <param name="Token">The fencing token the node ran the role under; stale reports are ignored.</param>
/// <param name="Kind">online, failed or released.</param>
/// <param name="Resource">The failed resource (kind failed), else null.</param>
/// <param name="Reason">Why, for people.</param>
public sealed record RoleReport(string Role, string Node, long Token, RoleReportKind Kind, string? Resource, string? Reason);
