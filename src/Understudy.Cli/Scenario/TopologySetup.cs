using System.Text;

namespace Understudy.Cli.Scenario;

/// <summary>One set-up of the topology matrix: how the VMs run and who watches them.</summary>
/// <param name="Name">Column label.</param>
/// <param name="Guests">True when the VMs run the nodes of a guest cluster (its own role "kv").</param>
/// <param name="Monitoring">VM monitoring of the host cluster.</param>
/// <param name="Pinned">Each VM may run on one host only (standalone hypervisors: no host failover).</param>
internal sealed record TopologySetup(string Name, bool Guests, bool Monitoring, bool Pinned)
{
    public const string HostVm = "topo-web";

    public static IReadOnlyList<TopologySetup> All { get; } =
    [
        new("host cluster, VM monitoring off", Guests: false, Monitoring: false, Pinned: false),
        new("host cluster, VM monitoring on", Guests: false, Monitoring: true, Pinned: false),
        new("guest cluster", Guests: true, Monitoring: false, Pinned: true),
        new("both", Guests: true, Monitoring: true, Pinned: false),
    ];

    public static string[] GuestNames { get; } = ["topo-g1", "topo-g2", "topo-g3"];

    public static string[] HostNames { get; } = ["host-a", "host-b", "host-c"];

    /// <summary>The service the matrix measures: the host VM's workload, or the guest cluster's role.</summary>
    public string ServiceUrl(TopologyNetwork net) => Guests ? $"http://{net.GuestKv}:8080/healthz" : $"http://{net.Vm(HostVm, 0)}:8080/healthz";

    /// <summary>The guest cluster's file, beside the host cluster's.</summary>
    public const string GuestFileName = "guests.yaml";

    /// <summary>Writes the host cluster file (and the guest cluster file) into <paramref name="folder"/>; returns the host file.</summary>
    public string Write(string folder, TopologyNetwork net)
    {
        var hosts = new StringBuilder()
            .AppendLine("cluster:").AppendLine("  name: topohosts").AppendLine("  key: \"topology-scenario-hosts-key\"").AppendLine("nodes:");
        for (var i = 0; i < HostNames.Length; i++)
        {
            hosts.AppendLine($"  - name: {HostNames[i]}").AppendLine($"    address: {net.Host(i)}");
        }

        hosts.AppendLine("roles:");
        var mode = Monitoring ? "on" : "off";
        if (!Guests)
        {
            hosts.AppendLine("  - name: web").AppendLine("    resources:")
                .AppendLine($"      - name: {HostVm}").AppendLine("        type: vm").AppendLine("        driver: process").AppendLine($"        monitoring: {mode}")
                .Append(net.VmAddressLines(HostVm, 0, "        "))
                .AppendLine("        workload: 'echo $$ > kv.pid; exec understudy example kv --listen \"$UNDERSTUDY_VM_ADDRESS:8080\" --data kv.json'")
                .AppendLine("        services:").AppendLine("          - name: kv").AppendLine("            check: 'kill -0 \"$(cat kv.pid)\"'");
        }
        else
        {
            for (var i = 0; i < GuestNames.Length; i++)
            {
                var g = GuestNames[i];
                hosts.AppendLine($"  - name: {g}").AppendLine("    antiAffinity: [guests]");
                if (Pinned)
                {
                    hosts.AppendLine($"    possibleOwners: [{HostNames[i]}]");
                }

                hosts.AppendLine("    resources:").AppendLine($"      - name: {g}").AppendLine("        type: vm").AppendLine("        driver: process").AppendLine($"        monitoring: {mode}")
                    .Append(net.VmAddressLines(g, i + 1, "        "))
                    .AppendLine($"        workload: 'exec understudy node run -f ${{clusterDir}}/guests.yaml --node {g} --data-dir .'");
            }

            File.WriteAllText(Path.Combine(folder, GuestFileName), GuestFile(net));
        }

        var path = Path.Combine(folder, "hosts.yaml");
        File.WriteAllText(path, hosts.ToString());
        return path;
    }

    private static string GuestFile(TopologyNetwork net)
    {
        var guest = new StringBuilder()
            .AppendLine("cluster:").AppendLine("  name: topoguests").AppendLine("  key: \"topology-scenario-guests-key\"").AppendLine("nodes:");
        for (var i = 0; i < GuestNames.Length; i++)
        {
            guest.AppendLine($"  - name: {GuestNames[i]}").AppendLine($"    address: {net.Vm(GuestNames[i], i + 1)}");
        }

        var kv = net.GuestKv;
        return guest.Append($"""
            roles:
              - name: kv
                resources:
                  - name: ip
                    type: address
                    address: {kv}

            """).Append(net.GuestKvLines("        ")).AppendLine($"""
                  - name: server
                    type: process
                    dependsOn: [ip]
                    command: understudy
                    args: [example, kv, --listen, "{kv}:8080", --data, kv.json]
                    stopTimeout: 2s
                  - name: http
                    type: probe
                    dependsOn: [server]
                    http: http://{kv}:8080/healthz
                    looksAlive: 250ms
                    isAlive: 1s
                    threshold: 2
            """).ToString();
    }
}
