namespace Understudy.Cli.Scenario;

/// <summary>
/// The chaos cluster: five nodes on a fresh loopback block (or a private LAN of the host lab),
/// the fencing-aware kv service as a
/// failover role (its data file is the shared storage every owner writes), and the echo app as a
/// clone role behind an NLB rule. Leases of 4 s instead of 1 s: five nodes and their clients
/// share the machine with whatever else runs (a CI machine's builds), and a 1 s lease renewed
/// every 200 ms is lost to scheduler stalls there before any fault is injected; the checks are
/// about safety, which no lease length may change.
/// </summary>
internal static class ChaosClusterFile
{
    public const int KvPort = 8080;

    public const int NlbPort = 8090;

    public static string[] Names { get; } = ["n1", "n2", "n3", "n4", "n5"];

    public static string KvAddress(string block) => $"{block}.100";

    public static string NlbAddress(string block) => $"{block}.200";

    /// <summary>Writes the file for nodes at <paramref name="block"/>.1–.5; on separate hosts
    /// (<paramref name="hosts"/>: the host lab, <paramref name="block"/> a private /24) the kv
    /// address lives on each owner's <c>eth0</c> and the NLB rule runs in distributed mode, every
    /// host receiving the cluster address as Windows NLB's do.</summary>
    public static string Write(string folder, string block, string name, bool hosts = false)
    {
        var nodes = string.Join("", Names.Select((n, i) => $"  - name: {n}\n    address: {block}.{i + 1}\n"));
        var kv = KvAddress(block);
        var yaml = $"""
            cluster:
              name: {name}
              key: "chaos-scenario-cluster-key-0123456789"
            failover:
              lease: 4s
              leaderLease: 3s
              renew: 500ms
            quarantine:
              departures: 0
            nodes:
            {nodes}roles:
              - name: kv
                failover: {"{"} maxFailovers: 1000, window: 1h {"}"}
                resources:
                  - name: ip
                    type: address
                    address: {kv}{(hosts ? "\n        interface: eth0" : "")}
                  - name: server
                    type: process
                    dependsOn: [ip]
                    command: understudy
                    args: [example, kv, --listen, "{kv}:{KvPort}", --data, "{Path.Combine(folder, "kv.json")}"]
                    stopTimeout: 2s
                  - name: http
                    type: probe
                    dependsOn: [server]
                    http: http://{kv}:{KvPort}/healthz
                    looksAlive: 500ms
                    isAlive: 2s
              - name: web
                clone: true
                resources:
                  - name: echo
                    type: process
                    command: understudy
                    args: [example, echo, --listen, "${"{"}nodeAddress{"}"}:9080"]
                  - name: health
                    type: probe
                    dependsOn: [echo]
                    http: "http://${"{"}nodeAddress{"}"}:9080/"
            nlb:
              address: {NlbAddress(block)}{(hosts ? "\n  mode: distributed" : "")}
              drainTimeout: 2s
              rules:
                - name: web
                  ports: {NlbPort}
                  protocol: http
                  mode: multiple
                  affinity: none
                  targetPort: 9080
                  role: web

            """;
        var path = Path.Combine(folder, "cluster.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
