using Understudy.Node.Tests.Harness;

namespace Understudy.Cli.Tests.Scripting;

/// <summary>
/// The cluster the scripting tests drive with the real <c>understudy</c> command: three node
/// processes, a failover role <c>svc</c> (a sleeping process, so no address is added anywhere) and
/// the clone role <c>web</c> behind an NLB rule, as the dashboard tests run it.
/// </summary>
public sealed class ScriptingCluster : IAsyncLifetime
{
    /// <summary>Three nodes, an election, two roles, on a machine that builds beside the tests.</summary>
    private static readonly TimeSpan StartupDeadline = TimeSpan.FromSeconds(180);

    internal TestCluster Cluster { get; } = TestCluster.Create(roles: Roles, extra: Nlb);

    public string File => Cluster.FilePath;

    public async ValueTask InitializeAsync()
    {
        Cluster.StartAll();
        await ServingAsync();
    }

    /// <summary>Waits until every node is Up and announced its version, svc is Online and every web member takes buckets.</summary>
    public Task ServingAsync() =>
        Eventually.GetAsync(() => Cluster.StatusAsync(Cluster.Names[0]), s =>
            s.Leader is not null
            && s.Nodes.All(n => n is { State: "Up", Software: not null })
            && s.Roles.Any(r => r is { Name: "svc", State: "Online" })
            && s.Nlb is { } nlb && nlb.Members.All(m => m.State == "Started" && m.Eligible && m.Buckets["web"] > 0),
            "every node Up with its version, svc Online, every web member serving",
            StartupDeadline);

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    private static string Roles(string block, string root) => """
        roles:
          - name: svc
            resources:
              - name: server
                type: process
                command: /bin/sleep
                args: ["3600"]
                stopTimeout: 2s
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
