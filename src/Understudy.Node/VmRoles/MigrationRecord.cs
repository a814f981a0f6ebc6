namespace Understudy.Node.VmRoles;

/// <summary>The last live migration of a VM into this host, as <c>GET /api/vms</c> shows it.</summary>
internal sealed record MigrationRecord
{
    /// <summary>The node it came from.</summary>
    public required string From { get; init; }

    /// <summary>The fencing token of the ownership it arrived under.</summary>
    public required long Token { get; init; }

    /// <summary>QEMU's downtime: how long the guest was paused for the last copy.</summary>
    public required double DowntimeMs { get; init; }

    /// <summary>QEMU's total migration time.</summary>
    public required double TotalMs { get; init; }

    /// <summary>From the last heartbeat the source heard to the first this host heard, or null until both are known.</summary>
    public double? HandoverGapMs { get; init; }

    /// <summary>The longest heartbeat gap around the move: the handover gap or any gap among the
    /// first <see cref="PendingIncoming.WatchedBeats"/> beats here, or null until known.</summary>
    public double? LongestGapMs { get; init; }
}
