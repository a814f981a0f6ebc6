using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Nlb;

/// <summary>Extended affinity at run time: across a convergence a client stays on its member while
/// it comes back within the rule's timeout, through the cluster address (any node may accept it),
/// and moves to the new map's owner once it stayed away longer.</summary>
[Collection(ProcessCollection.Name)]
public sealed class NlbAffinityProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static string NlbSection(string block) => $"""
        nlb:
          address: {block}.50
          rules:
            - name: web
              ports: 8080
              protocol: http
              affinity: single
              targetPort: 9080
              extendedAffinity: {(int)Timeout.TotalSeconds}s
            - name: raw
              ports: 8081
              protocol: tcp
              targetPort: 9080

        """;

    private static Task WaitForWebBucketsAsync(TestCluster cluster, string member, Func<int, bool> condition, string what) =>
        Task.WhenAll(cluster.Names.Select(node =>
            cluster.WaitForAsync(node, s => condition(s.Nlb!.Members.Single(m => m.Name == member).Buckets["web"]), what)));

    [Fact]
    public async Task ExtendedAffinity_MemberStart_ClientsStayInsideTimeoutAndMoveAfterIt()
    {
        var (cluster, backends) = await NlbProcessTests.StartAsync(NlbSection);
        await using var _ = cluster;
        await using var __ = backends;
        var address = $"{cluster.Block}.50";

        Assert.Equal(0, await NlbProcessTests.RunCliAsync("nlb", "stop", "n3", "-f", cluster.FilePath));
        await WaitForWebBucketsAsync(cluster, "n3", b => b == 0, "n3 stopped everywhere");

        // One round: each client is seen by one node only (the kernel picks which), and no node
        // sees them again before the convergence. The nodes pass on what they routed.
        var before = await NlbProcessTests.AskAllAsync(cluster, address);
        Assert.All(before, a => Assert.True(a is "n1" or "n2", a));
        await Task.Delay(AffinityInterval * 4);

        // Convergence: n3 starts and takes buckets. Back within the timeout, every client finds
        // its member again, whichever node accepts its connection.
        Assert.Equal(0, await NlbProcessTests.RunCliAsync("nlb", "start", "n3", "-f", cluster.FilePath));
        await WaitForWebBucketsAsync(cluster, "n3", b => b > 0, "n3 started with buckets everywhere");
        for (var round = 0; round < 2; round++)
        {
            var answers = await NlbProcessTests.AskAllAsync(cluster, address);
            var moved = answers.Select((a, i) => (a, i)).Where(x => x.a != before[x.i]).Select(x => $"client {x.i}: {before[x.i]} -> {x.a ?? "failed"}").ToList();
            Assert.True(moved.Count == 0, string.Join("; ", moved.Take(10)));
        }

        // Away for longer than the timeout: the clients whose buckets n3 now owns move to it.
        await Task.Delay(Timeout + TimeSpan.FromSeconds(1));
        var after = await NlbProcessTests.AskAllAsync(cluster, address);
        Assert.Contains("n3", after);
        for (var i = 0; i < after.Length; i++)
        {
            Assert.True(after[i] == "n3" || after[i] == before[i], $"client {i}: {before[i]} -> {after[i]}");
        }
    }

    private static TimeSpan AffinityInterval => TimeSpan.FromMilliseconds(500);
}
