using System.Net.Http.Json;
using System.Text;
using Understudy.Node.Api;
using Understudy.Node.Vms.ProcessVms;

namespace Understudy.Node.Tests.VmRoles;

/// <summary>A guest cluster of three process VMs, each running an Understudy node, for a test host cluster.</summary>
internal static class GuestCluster
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    /// <summary>Guest (VM) names unique to the host cluster's block.</summary>
    public static string[] Names(string block) => [.. Enumerable.Range(1, 3).Select(i => $"g{i}-{block.Replace('.', '-')}")];

    /// <summary>Writes the guest cluster file into <paramref name="root"/> and returns the host cluster's roles: one VM role per guest.</summary>
    public static string HostRoles(string block, string root, bool monitoring)
    {
        var names = Names(block);
        var file = Path.Combine(root, "guests.yaml");
        var guest = new StringBuilder().AppendLine("cluster:").AppendLine("  name: guests").AppendLine("  key: \"guest-test-key-0123456789\"").AppendLine("nodes:");
        foreach (var name in names)
        {
            guest.AppendLine($"  - name: {name}").AppendLine($"    address: {ProcessVmAddresses.ForName(name)}");
        }

        File.WriteAllText(file, guest.ToString());
        var roles = new StringBuilder().AppendLine("roles:");
        foreach (var name in names)
        {
            roles.AppendLine($"  - name: {name}")
                .AppendLine("    antiAffinity: [guests]")
                .AppendLine("    resources:")
                .AppendLine($"      - name: {name}")
                .AppendLine("        type: vm")
                .AppendLine("        driver: process")
                .AppendLine($"        monitoring: {(monitoring ? "on" : "off")}")
                .AppendLine($"        workload: 'exec understudy node run -f \"{file}\" --node {name} --data-dir .'");
        }

        return roles.ToString();
    }

    /// <summary>The guest cluster's status as guest <paramref name="name"/> reports it, or null.</summary>
    public static async Task<StatusDocument?> StatusAsync(string name)
    {
        try
        {
            return await Http.GetFromJsonAsync<StatusDocument>($"http://{ProcessVmAddresses.ForName(name)}:7400/api/status", StatusJson.Options);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
