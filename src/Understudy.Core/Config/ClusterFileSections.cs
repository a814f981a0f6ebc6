using System.Collections.Immutable;

namespace Understudy.Core.Config;

/// <summary>
/// The top-level keys of the cluster file, in the order they are documented and read. A new
/// section (<c>roles</c>, <c>nlb</c>, <c>vms</c>) is one row here, one reader and one draft
/// property; any key not in this table is reported as unknown.
/// </summary>
internal static class ClusterFileSections
{
    public static ImmutableArray<ClusterFileSection> All { get; } =
    [
        new("cluster", Required: true, ClusterSectionReader.Read),
        new("heartbeat", Required: false, HeartbeatSectionReader.Read),
        new("nodes", Required: true, NodesSectionReader.Read),
        new("failover", Required: false, FailoverSectionReader.Read),
        new("roles", Required: false, RolesSectionReader.Read),
        new("nlb", Required: false, NlbSectionReader.Read),
        new("api", Required: false, ApiSectionReader.Read),
        new("quarantine", Required: false, QuarantineSectionReader.Read),
    ];

    public static ImmutableArray<string> Keys { get; } = [.. All.Select(s => s.Key)];
}
