using Understudy.Core.Failover;

namespace Understudy.Bench.Soak;

/// <summary>The soak's cluster file after <c>nodes:</c>: the kv failover role on its own address,
/// the echo app as a clone role on every node, and an NLB rule over it.</summary>
internal static class SoakRoles
{
    public const int KvPort = 8080;
    public const int NlbPort = 8090;

    public static string KvUrl(string block) => $"http://{block}.100:{KvPort}";

    public static string NlbUrl(string block) => $"http://{block}.50:{NlbPort}/";

    public static string Yaml(string block, string root) => $$"""
        roles:
          - name: kv
            resources:
              - name: ip
                type: address
                address: {{block}}.100
              - name: server
                type: process
                dependsOn: [ip]
                command: understudy
                args: [example, kv, --listen, "{{block}}.100:{{KvPort}}", --data, "{{Path.Combine(root, "kv.json")}}"]
              - name: http
                type: probe
                dependsOn: [server]
                http: {{KvUrl(block)}}/healthz
          - name: web
            clone: true
            resources:
              - name: echo
                type: process
                command: understudy
                args: [example, echo, --listen, "${nodeAddress}:9080"]
              - name: health
                type: probe
                dependsOn: [echo]
                http: "http://${nodeAddress}:9080/"
        nlb:
          address: {{block}}.50
          rules:
            - { name: web, ports: {{NlbPort}}, protocol: http, affinity: none, targetPort: 9080, role: web }

        """;
}

/// <summary>One page of <c>GET /api/events</c>.</summary>
internal sealed record EventsPage(long Last, ClusterEvent[] Events);
