using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Nlb;

/// <summary>Three real nodes load-balancing loopback clients (127.0.0.0/8 gives each its own source address).</summary>
[Collection(ProcessCollection.Name)]
public sealed class NlbProcessTests
{
    private const int Clients = 90;

    internal static string NlbSection(string block) => $"""
        nlb:
          address: {block}.50
          drainTimeout: 20s
          rules:
            - name: web
              ports: 8080
              protocol: http
              affinity: single
              targetPort: 9080
              weights: {"{"} n3: 100 {"}"}
            - name: raw
              ports: 8081
              protocol: tcp
              affinity: none
              targetPort: 9080
            - name: stream
              ports: 8082
              protocol: tcp
              affinity: none
              targetPort: 9082
            - name: dns
              ports: 8053
              protocol: udp
              affinity: none
              targetPort: 9053

        """;

    internal static async Task<(TestCluster Cluster, EchoBackends Backends)> StartAsync(Func<string, string>? nlbSection = null)
    {
        var cluster = TestCluster.Create(extra: nlbSection ?? NlbSection);
        var backends = new EchoBackends();
        foreach (var node in cluster.Names)
        {
            await backends.StartHttpAsync(node, cluster.Address(node), 9080);
            backends.StartUdp(node, cluster.Address(node), 9053);
            backends.StartTcp(node, cluster.Address(node), 9082);
        }

        cluster.StartAll();
        var settled = await cluster.WaitForAsync("n1", s => s.Nlb is { } nlb && nlb.Members.All(m => m.Eligible), "every NLB member eligible");

        // Every node must have applied the same NLB view (all members eligible, the same bucket
        // counts) before a client's answer can be expected to be the same through any node.
        var buckets = BucketsOf(settled);
        foreach (var node in cluster.Names)
        {
            await cluster.WaitForAsync(node, s => s.Nlb is { } nlb && nlb.Members.All(m => m.Eligible) && BucketsOf(s) == buckets, "the same NLB view as n1");
        }

        // Each node opens its listeners once it has seen its own admission committed, which on a
        // busy machine can be a while after the leader's status says eligible.
        foreach (var node in cluster.Names)
        {
            foreach (var port in new[] { 8080, 8081 })
            {
                await Eventually.GetAsync(
                    () => NlbClient.GetAsync(Client(cluster, 0), cluster.Address(node), port),
                    answer => answer is not null,
                    $"{node} forwarding on port {port}");
            }
        }

        return (cluster, backends);
    }

    private static async Task RequestsReachAsync(Func<int> requests, int target, Task load)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (requests() < target)
        {
            Assert.False(load.IsCompleted, "the load loop stopped early");
            Assert.True(clock.Elapsed < Eventually.Deadline, $"the load reached {requests()} of {target} requests in {Eventually.Deadline}");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static string BucketsOf(Understudy.Node.Api.StatusDocument status) =>
        string.Join(";", status.Nlb!.Members.Select(m => m.Name + ":" + string.Join(",", m.Buckets.Select(b => $"{b.Key}={b.Value}"))));

    internal static async Task<int> RunCliAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "understudy")) { UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    internal static string Client(TestCluster cluster, int i) => $"{cluster.Block}.{100 + i}";

    internal static async Task<string?[]> AskAllAsync(TestCluster cluster, string address, int port = 8080) =>
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => NlbClient.GetAsync(Client(cluster, i), address, port)));

    [Fact]
    public async Task SingleAffinity_StableClientsFollowWeights_KillMovesOnlyVictimsClients()
    {
        var (cluster, backends) = await StartAsync();
        await using var _ = cluster;
        await using var __ = backends;
        var clusterAddress = $"{cluster.Block}.50";

        var first = await AskAllAsync(cluster, clusterAddress);
        var second = await AskAllAsync(cluster, clusterAddress);
        Assert.All(first, Assert.NotNull);
        Assert.Equal(first, second);

        // Weights 50/50/100: n3 should take about half of the clients.
        var n3Share = first.Count(n => n == "n3") / (double)Clients;
        Assert.True(n3Share is >= 0.3 and <= 0.7, $"n3 share {n3Share}: {string.Join(",", first)} {System.Text.Json.JsonSerializer.Serialize((await cluster.StatusAsync("n1"))?.Nlb)}");
        Assert.Contains("n1", first);
        Assert.Contains("n2", first);

        // Under load through a survivor's dedicated address: kill -9 n3 and its service.
        using var stop = new CancellationTokenSource();
        var survivorsClients = Enumerable.Range(0, Clients).Where(i => first[i] != "n3").ToArray();
        var failures = 0;
        var requests = 0;
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var i in survivorsClients)
                {
                    var answer = await NlbClient.GetAsync(Client(cluster, i), cluster.Address("n1"), 8080);
                    Interlocked.Increment(ref requests);
                    if (answer != first[i])
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            }
        });

        // The load covers every survivor's client once before the kill and once after n3 is Down,
        // however slowly a busy machine runs it.
        await RequestsReachAsync(() => Volatile.Read(ref requests), survivorsClients.Length, load);
        cluster.Kill("n3");
        await backends.StopHttpAsync("n3");
        await cluster.WaitForAsync("n1", s => TestCluster.StateOf(s, "n3") == "Down", "n3 Down");
        await RequestsReachAsync(() => Volatile.Read(ref requests), Volatile.Read(ref requests) + survivorsClients.Length, load);
        var after = await AskAllAsync(cluster, clusterAddress);
        await stop.CancelAsync();
        await load;

        Assert.Equal(0, failures);
        for (var i = 0; i < Clients; i++)
        {
            Assert.NotNull(after[i]);
            Assert.NotEqual("n3", after[i]);
            if (first[i] != "n3")
            {
                Assert.Equal(first[i], after[i]);
            }
        }
    }

    [Fact]
    public async Task TcpAndUdpRules_Forward_DrainstopUnderLoadFailsNothingAndStartGivesShareBack()
    {
        var (cluster, backends) = await StartAsync();
        await using var _ = cluster;
        await using var __ = backends;
        var clusterAddress = $"{cluster.Block}.50";

        var tcp = await AskAllAsync(cluster, clusterAddress, 8081);
        Assert.All(tcp, Assert.NotNull);
        var udp = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => NlbClient.UdpAsync(Client(cluster, i), clusterAddress, 8053)));
        Assert.All(udp, Assert.NotNull);
        Assert.True(udp.Distinct().Count() > 1, "UDP clients spread over members");

        using var stop = new CancellationTokenSource();
        var failures = 0;
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var answers = await AskAllAsync(cluster, clusterAddress);
                Interlocked.Add(ref failures, answers.Count(a => a is null));
            }
        });

        var before = await AskAllAsync(cluster, clusterAddress);
        Assert.Equal(0, await RunCliAsync("nlb", "drainstop", "n2", "-f", cluster.FilePath));
        foreach (var node in cluster.Names)
        {
            await cluster.WaitForAsync(node, s => s.Nlb!.Members.Single(m => m.Name == "n2").State == "Stopped", "n2 drained and Stopped");
        }

        var drained = await AskAllAsync(cluster, clusterAddress);
        Assert.DoesNotContain("n2", drained);

        Assert.Equal(0, await RunCliAsync("nlb", "start", "n2", "-f", cluster.FilePath));
        foreach (var node in cluster.Names)
        {
            await cluster.WaitForAsync(node, s => s.Nlb!.Members.Single(m => m.Name == "n2").Buckets["web"] > 0, "n2 has its share back");
        }

        await stop.CancelAsync();
        await load;
        var back = await AskAllAsync(cluster, clusterAddress);
        Assert.Equal(before, back);
        Assert.Equal(0, failures);
    }
}
