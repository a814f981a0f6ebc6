namespace Understudy.Core.Failover;

/// <summary>What an owner tells the leader about a role it runs.</summary>
/// <param name="Role">Role name.</param>
/// <param name="Node">The reporting node.</param>
/// <param name="Token">The fencing token the node ran the role under; stale reports are ignored.</param>
/// <param name="Kind">online, failed or released.</param>
/// <param name="Resource">The failed resource (kind failed), else null.</param>
/// <param name="Reason">Why, for people.</param>
public sealed record RoleReport(string Role, string Node, long Token, RoleReportKind Kind, string? Resource, string? Reason)
{
    /// <summary>The first problem of a report received over the network, its path the JSON
    /// field; null if the leader may decide on it.</summary>
    public Config.ConfigError? Problem() =>
        string.IsNullOrEmpty(Role) ? new("role", null, null, "'role' is required")
        : string.IsNullOrEmpty(Node) ? new("node", null, null, "'node' is required")
        : !Enum.IsDefined(Kind) ? new("kind", null, null, $"{(int)Kind} is not a report kind; expected online, failed, released or interrupted")
        : null;
}
