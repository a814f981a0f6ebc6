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

    /// <summary>The node's lease lapsed, so it stopped the role's workload (its guard may have
    /// killed it first), and it started it again in place under the same token once the lease
    /// was back. Nothing failed, so no restart is counted; the event says it happened.</summary>
    Interrupted,
}
