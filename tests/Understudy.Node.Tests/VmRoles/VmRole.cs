using System.Net.Http.Json;
using Understudy.Node.Api;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.VmRoles;

/// <summary>A role "web" that runs one process VM, on a test cluster, and ways to look at it.</summary>
internal static class VmRole
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    /// <summary>A VM name unique to the cluster's address block (the process VM's address is derived from it).</summary>
    public static string NameFor(string block) => "vm-" + block.Replace('.', '-');

    /// <summary>The roles section for <see cref="TestCluster.Create"/>.</summary>
    public static string Yaml(string block, bool monitoring, int maxRestarts = 3, string driver = "process") => $"""
        roles:
          - name: web
            restart: {"{"} maxRestarts: {maxRestarts}, window: 15m {"}"}
            resources:
              - name: {NameFor(block)}
                type: vm
                driver: {driver}
                monitoring: {(monitoring ? "on" : "off")}

        """;

    public static RoleDocument? Find(StatusDocument status) => status.Roles.SingleOrDefault(r => r.Name == "web");

    public static bool IsOnline(StatusDocument status, Func<RoleDocument, bool>? and = null) =>
        Find(status) is { State: "Online" } role && (and?.Invoke(role) ?? true);

    /// <summary>The VMs <paramref name="node"/> runs now (<c>GET /api/vms</c>), or null if it does not answer.</summary>
    public static async Task<VmView[]?> VmsAsync(TestCluster cluster, string node)
    {
        try
        {
            return await Http.GetFromJsonAsync<VmView[]>(cluster.ApiUrl(node) + "/api/vms", StatusJson.Options);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Waits until <paramref name="node"/> runs the VM and it satisfies <paramref name="condition"/>.</summary>
    public static async Task<VmView> WaitForVmAsync(TestCluster cluster, string node, Func<VmView, bool> condition, string what, string? vm = null)
    {
        var name = vm ?? NameFor(cluster.Block);
        var found = await Eventually.GetAsync(() => VmsAsync(cluster, node), vms => vms.Any(v => v.Name == name && condition(v)), $"{what} (VMs of {node})");
        return found.Single(v => v.Name == name);
    }

    /// <summary>A healthy VM that heartbeated within the last second.</summary>
    public static bool Heartbeating(VmView vm) => vm.Verdict == "healthy" && vm.SinceHeartbeatMs is < 1000;

    internal sealed record VmView(string Name, string Role, string Driver, string State, int? Pid, bool Monitoring, string Verdict, long? Incarnation, double? SinceHeartbeatMs, MigrationView? Migration = null);

    internal sealed record MigrationView(string From, long Token, double DowntimeMs, double TotalMs, double? HandoverGapMs, double? LongestGapMs);
}
