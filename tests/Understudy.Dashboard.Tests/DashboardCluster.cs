using Understudy.Cli.Tests;
using Understudy.Node.Tests.Harness;

namespace Understudy.Dashboard.Tests;

/// <summary>
/// The cluster the browser tests look at: three real node processes with the demo's two halves —
/// a failover role <c>svc</c> (an echo service at its own address) and the <c>web</c> clone role
/// behind an NLB rule.
/// </summary>
internal static class DashboardCluster
{
    public static TestCluster Create() => TestCluster.Create(roles: Roles, extra: Nlb);

    /// <summary>The operator token, as <c>understudy token -f FILE</c> prints it.</summary>
    public static async Task<string> TokenAsync(TestCluster cluster)
    {
        var (code, output, error) = await CliProcess.RunAsync("token", "-f", cluster.FilePath);
        Assert.True(code == 0, $"understudy token failed ({code}): {error}");
        return output.Trim();
    }

    /// <summary>Waits until every node is Up, <c>svc</c> is Online and every <c>web</c> instance takes buckets.</summary>
    public static Task WaitForServingAsync(TestCluster cluster) =>
        Eventually.GetAsync(() => cluster.StatusAsync(cluster.Names[0]), s =>
            s.Leader is not null
            && s.Nodes.All(n => n.State == "Up")
            && s.Roles.Any(r => r is { Name: "svc", State: "Online" })
            && s.Nlb is { } nlb && nlb.Members.All(m => m.Eligible && m.Buckets["web"] > 0),
            "every node Up, svc Online, every web member serving",
            StartupDeadline);

    /// <summary>Three nodes, an election and two roles: seconds on an idle machine, but the CI
    /// machine runs other builds beside these tests.</summary>
    private static readonly TimeSpan StartupDeadline = TimeSpan.FromSeconds(180);

    private static string Roles(string block, string root) => $$"""
        roles:
          - name: svc
            resources:
              - name: ip
                type: address
                address: {{block}}.60
              - name: server
                type: process
                dependsOn: [ip]
                command: understudy
                args: [example, echo, --listen, "{{block}}.60:9190"]
              - name: http
                type: probe
                dependsOn: [server]
                http: http://{{block}}.60:9190/
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

        """;

    private static string Nlb(string block) => $"""
        nlb:
          address: {block}.50
          drainTimeout: 5s
          rules:
            - name: web
              ports: 8080
              protocol: http
              affinity: single
              targetPort: 9080
              role: web

        """;
}
