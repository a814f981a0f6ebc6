using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Nlb;

/// <summary>
/// The members' service as a clone role (examples/nlb.yaml's shape): the echo app runs on every
/// node, the rule names the role, and a member whose instance is not Online owns no buckets.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class NlbCloneProcessTests
{
    private const int Clients = 60;

    private static string Roles(string block, string root) => """
        roles:
          - name: web
            clone: true
            restart: { maxRestarts: 100, window: 15m }
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

    private static string NlbSection(string block) => $"""
        nlb:
          address: {block}.50
          rules:
            - name: web
              ports: 8080
              protocol: http
              affinity: single
              targetPort: 9080
              role: web

        """;

    private static string Client(TestCluster cluster, int i) => $"{cluster.Block}.{100 + i}";

    private static async Task<string?[]> AskAllAsync(TestCluster cluster, string address) =>
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => NlbClient.GetAsync(Client(cluster, i), address, 8080)));

    private static int WebBuckets(Understudy.Node.Api.StatusDocument status, string node) =>
        status.Nlb!.Members.Single(m => m.Name == node).Buckets["web"];

    private static Understudy.Node.Api.CloneInstanceDocument? Instance(Understudy.Node.Api.StatusDocument status, string node) =>
        status.Roles.SingleOrDefault(r => r.Name == "web")?.Instances?.SingleOrDefault(i => i.Node == node);

    private static bool AllServing(Understudy.Node.Api.StatusDocument status, IEnumerable<string> nodes) =>
        nodes.All(n => Instance(status, n) is { State: "Online" } && status.Nlb!.Members.Single(m => m.Name == n) is { Eligible: true } && WebBuckets(status, n) > 0);

    // The echo app's processes serving on one node's address (its command line names the address).
    private static int[] EchoProcesses(string address) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0, Dir: d))
            .Where(p => p.Pid > 0)
            .Where(p =>
            {
                try
                {
                    var args = File.ReadAllText(Path.Combine(p.Dir, "cmdline")).Split('\0');
                    return args.Contains("example") && args.Contains("echo") && args.Contains($"{address}:9080") && !GuardProcesses.IsGuard(args);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            })
            .Select(p => p.Pid)];

    [Fact]
    public async Task CloneRole_InstanceOnEveryNode_KilledInstanceLosesBucketsUntilRestarted_DeadNodeTakesItsInstance()
    {
        await using var cluster = TestCluster.Create(extra: NlbSection, roles: Roles);
        cluster.StartAll();
        var clusterAddress = $"{cluster.Block}.50";
        foreach (var node in cluster.Names)
        {
            await cluster.WaitForAsync(node, s => AllServing(s, cluster.Names), "every node's instance Online and serving");
        }

        var status = (await cluster.StatusAsync("n1"))!;
        var web = status.Roles.Single(r => r.Name == "web");
        Assert.True(web.IsClone);
        Assert.Null(web.Owner);
        Assert.Equal(cluster.Names, web.Instances!.Value.Select(i => i.Node));

        var first = await Eventually.GetAsync<string?[]>(async () => await AskAllAsync(cluster, clusterAddress), a => a.All(x => x is not null), "every client answered");
        Assert.True(first.Contains("n2"), string.Join(",", first) + System.Text.Json.JsonSerializer.Serialize((await cluster.StatusAsync("n1"))!.Nlb));

        // kill -9 n2's echo: its instance restarts in place; while it is not Online n2 owns no
        // buckets, and requests (through n1's dedicated address) never fail.
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var sawNoBuckets = false;
        var watch = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (await cluster.StatusAsync("n1") is { } s && Instance(s, "n2") is { Restarts: > 0 } && WebBuckets(s, "n2") == 0)
                {
                    sawNoBuckets = true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20));
            }
        });
        var n2Clients = Enumerable.Range(0, Clients).Where(i => first[i] == "n2").ToArray();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var i in n2Clients)
                {
                    if (await NlbClient.GetAsync(Client(cluster, i), cluster.Address("n1"), 8080) is null)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            }
        });

        var victim = Assert.Single(EchoProcesses(cluster.Address("n2")));
        Signals.Kill(victim);
        foreach (var node in cluster.Names)
        {
            await cluster.WaitForAsync(node, s => Instance(s, "n2") is { Restarts: >= 1 } && AllServing(s, cluster.Names), "n2's instance restarted and serving again");
        }

        await stop.CancelAsync();
        await Task.WhenAll(watch, load);
        Assert.True(sawNoBuckets, "n2 owned no buckets while its instance restarted");
        Assert.Equal(0, failures);
        Assert.Equal(first, await AskAllAsync(cluster, clusterAddress));

        // kill -9 a node: its instance goes with it (no instance moves), and its echo dies with it.
        cluster.Kill("n3");
        await cluster.WaitForAsync("n1", s => TestCluster.StateOf(s, "n3") == "Down" && Instance(s, "n3") is null, "n3 Down without an instance");
        Assert.Equal(["n1", "n2"], (await cluster.StatusAsync("n1"))!.Roles.Single(r => r.Name == "web").Instances!.Value.Select(i => i.Node));
        await Eventually.GetAsync(() => Task.FromResult<int[]?>(EchoProcesses(cluster.Address("n3"))), p => p.Length == 0, "n3's echo gone with its node");

        cluster.Start("n3");
        await cluster.WaitForAsync("n1", s => AllServing(s, cluster.Names), "n3 back with its instance");
    }

    [Fact]
    public async Task NodeKilledAndStartedAgainAtOnce_PredecessorsInstanceEnds_NewOneServesOnTheSamePort()
    {
        // The default restart policy (3 in 15 minutes): an orphaned instance holding the port would
        // use it up, and leave the node's instance Failed with no share for good.
        static string DefaultRestarts(string block, string root) => Roles(block, root).Replace("    restart: { maxRestarts: 100, window: 15m }\n", "", StringComparison.Ordinal);
        await using var cluster = TestCluster.Create(extra: NlbSection, roles: DefaultRestarts);
        cluster.StartAll();
        await cluster.WaitForAsync("n1", s => AllServing(s, cluster.Names), "every node's instance Online and serving");
        var before = Assert.Single(EchoProcesses(cluster.Address("n2")));
        var token = Instance((await cluster.StatusAsync("n1"))!, "n2")!.Token;

        // kill -9 and start again before the clone lease (2 s) could run out: the new incarnation
        // must not keep its predecessor's orphaned instance alive by renewing the file it watches.
        cluster.Kill("n2");
        cluster.Start("n2");
        await Eventually.GetAsync(() => Task.FromResult<int[]?>(EchoProcesses(cluster.Address("n2"))), p => !p.Contains(before), "the killed incarnation's echo to end");
        var status = await cluster.WaitForAsync("n1", s => Instance(s, "n2") is { State: "Online" } i && i.Token != token && AllServing(s, cluster.Names), "n2's new instance Online and serving");

        Assert.NotEqual("Failed", Instance(status, "n2")!.State);
        var after = Assert.Single(EchoProcesses(cluster.Address("n2")));
        Assert.NotEqual(before, after);
    }
}
