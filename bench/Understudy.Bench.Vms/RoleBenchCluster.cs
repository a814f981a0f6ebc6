using Understudy.Bench.Common;

namespace Understudy.Bench.Vms;

/// <summary>Three real node processes on a fresh loopback block running one role "web" with one
/// VM of the given driver (monitoring on).</summary>
internal sealed class RoleBenchCluster : IDisposable
{
    public RoleBenchCluster(string driver)
    {
        VmName = "bench-" + driver;
        Nodes = new BenchNodes("understudy-bench-vmroles-", Names, (_, _) => $"""
            roles:
              - name: web
                failover: {"{"} maxFailovers: 1000, window: 1h {"}"}
                resources:
                  - name: {VmName}
                    type: vm
                    driver: {driver}
                    monitoring: on

            """);
    }

    public static string[] Names { get; } = ["n1", "n2", "n3"];

    public string VmName { get; }

    /// <summary>The node processes.</summary>
    public BenchNodes Nodes { get; }

    /// <summary>The bench VM as <paramref name="node"/> runs it now, or null.</summary>
    public async Task<VmSeen?> VmAsync(string node) =>
        (await Nodes.GetAsync<VmSeen[]>(node, "/api/vms"))?.FirstOrDefault(v => v.Name == VmName);

    public void Dispose() => Nodes.Dispose();

    internal sealed record VmSeen(string Name, string Driver, string State, string Verdict, long? Incarnation, double? SinceHeartbeatMs, MigrationSeen? Migration);

    internal sealed record MigrationSeen(string From, long Token, double DowntimeMs, double TotalMs, double? HandoverGapMs, double? LongestGapMs);
}
