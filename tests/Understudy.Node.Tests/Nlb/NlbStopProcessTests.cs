using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Nlb;

/// <summary>Windows NLB semantics for open connections: stop drops them, drainstop lets them finish.</summary>
[Collection(ProcessCollection.Name)]
public sealed class NlbStopProcessTests
{
    private const int Connections = 30;

    // Keep-alive connections through the TCP rule (8081) from distinct clients, spread over the members.
    private static async Task<HeldConnection[]> HoldAsync(TestCluster cluster, int offset)
    {
        var held = await Task.WhenAll(Enumerable.Range(offset, Connections)
            .Select(i => HeldConnection.OpenAsync(NlbProcessTests.Client(cluster, i), $"{cluster.Block}.50", 8081)));
        Assert.All(held, Assert.NotNull);
        return held!;
    }

    private static Task WaitForStateAsync(TestCluster cluster, string member, string state) =>
        Task.WhenAll(cluster.Names.Select(node =>
            cluster.WaitForAsync(node, s => s.Nlb!.Members.Single(m => m.Name == member).State == state, $"{member} {state}")));

    [Fact]
    public async Task DrainstopKeepsOpenConnections_StopDropsThem_OthersUntouched()
    {
        var (cluster, backends) = await NlbProcessTests.StartAsync();
        await using var _ = cluster;
        await using var __ = backends;

        // drainstop: n2's open connections keep working; new ones go elsewhere.
        var draining = await HoldAsync(cluster, 0);
        Assert.Contains(draining, c => c.Member == "n2");
        Assert.Equal(0, await NlbProcessTests.RunCliAsync("nlb", "drainstop", "n2", "-f", cluster.FilePath));
        await WaitForStateAsync(cluster, "n2", "Draining");
        foreach (var connection in draining)
        {
            Assert.Equal(connection.Member, await connection.AskAsync());
        }

        Assert.DoesNotContain("n2", await NlbProcessTests.AskAllAsync(cluster, $"{cluster.Block}.50", 8081));
        foreach (var connection in draining)
        {
            connection.Dispose();
        }

        await WaitForStateAsync(cluster, "n2", "Stopped");
        Assert.Equal(0, await NlbProcessTests.RunCliAsync("nlb", "start", "n2", "-f", cluster.FilePath));
        await Task.WhenAll(cluster.Names.Select(node =>
            cluster.WaitForAsync(node, s => s.Nlb!.Members.Single(m => m.Name == "n2").Buckets["raw"] > 0, "n2 started with its share")));

        // stop: n2's open connections are cut; the others' keep working.
        var stopping = await HoldAsync(cluster, Connections);
        Assert.Contains(stopping, c => c.Member == "n2");
        Assert.Contains(stopping, c => c.Member != "n2");
        Assert.Equal(0, await NlbProcessTests.RunCliAsync("nlb", "stop", "n2", "-f", cluster.FilePath));
        await WaitForStateAsync(cluster, "n2", "Stopped");
        foreach (var connection in stopping.Where(c => c.Member == "n2"))
        {
            await Eventually.GetAsync(async () => (object?)(await connection.AskAsync() ?? "cut"), answer => (string)answer == "cut", "n2's connection cut");
        }

        foreach (var connection in stopping.Where(c => c.Member != "n2"))
        {
            Assert.Equal(connection.Member, await connection.AskAsync());
            connection.Dispose();
        }
    }
}
