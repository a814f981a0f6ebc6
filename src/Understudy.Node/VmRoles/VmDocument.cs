namespace Understudy.Node.VmRoles;

/// <summary>One VM running on a node, as <c>GET /api/vms</c> shows it.</summary>
internal sealed record VmDocument
{
    public required string Name { get; init; }

    public required string Role { get; init; }

    public required string Driver { get; init; }

    /// <summary>What the driver knows: running, hung, stopped, dead…</summary>
    public required string State { get; init; }

    public int? Pid { get; init; }

    /// <summary>Whether the verdict decides about the resource.</summary>
    public required bool Monitoring { get; init; }

    /// <summary>VM monitoring's verdict now (computed even with monitoring off).</summary>
    public required string Verdict { get; init; }

    /// <summary>The guest agent's incarnation (a new one on every boot), or null before the first heartbeat.</summary>
    public long? Incarnation { get; init; }

    /// <summary>Milliseconds since the last accepted heartbeat, or null before the first.</summary>
    public double? SinceHeartbeatMs { get; init; }

    /// <summary>The last live migration of this VM into this node (QEMU's downtime, the heartbeat gap), or null.</summary>
    public MigrationRecord? Migration { get; init; }
}
