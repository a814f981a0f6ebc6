namespace Understudy.Core.Failover;

/// <summary>Kinds of <see cref="RoleReport"/>.</summary>
public enum RoleReportKind
{
    /// <summary>Every resource is online.</summary>
    Online,

    /// <summary>A resource failed; the node has stopped the role.</summary>
    Failed,

    /// <summary>The node stopped a role it no longer owns.</summary>
    Released,
}
