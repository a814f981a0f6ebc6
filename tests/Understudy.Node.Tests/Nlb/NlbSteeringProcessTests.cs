using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Nlb;

/// <summary>
/// Through the cluster address, every node listens, and the steering program hands each new
/// connection to its bucket owner's node. So when a node dies, the open connections it takes with
/// it are its own members' only: every connection to a surviving member stays open and served.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class NlbSteeringProcessTests
{
    private const int Clients = 45;

    [Fact]
    public async Task KillNode_ThroughClusterAddress_SurvivorsOpenConnectionsStayServed()
    {
        Requires.Root("the steering eBPF program");
        var (cluster, backends) = await NlbProcessTests.StartAsync();
        await using var _ = cluster;
        await using var __ = backends;
        var clusterAddress = $"{cluster.Block}.50";
        foreach (var node in cluster.Names)
        {
            // Steering on, and the owners map written from the node's current view.
            await cluster.WaitForAsync(node, s => s.Nlb?.Steering is { Enabled: true, Current: true }, $"{node} steering by its current view");
        }

        var held = await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => HeldConnection.OpenAsync(NlbProcessTests.Client(cluster, i), clusterAddress, 8080)));
        try
        {
            Assert.All(held, Assert.NotNull);
            var members = held.Select(h => h!.Member).ToArray();
            Assert.Contains("n3", members);
            Assert.Contains(members, m => m != "n3");

            // Only n3's node dies; its service (the echo backend) lives on.
            cluster.Kill("n3");
            var afterKill = await Task.WhenAll(held.Select(h => h!.AskAsync()));
            await cluster.WaitForAsync("n1", s => TestCluster.StateOf(s, "n3") == "Down", "n3 Down");
            var afterDown = await Task.WhenAll(held.Select(h => h!.AskAsync()));
            for (var i = 0; i < Clients; i++)
            {
                if (members[i] == "n3")
                {
                    // Accepted by n3's own node, so cut with it.
                    Assert.Null(afterKill[i]);
                }
                else
                {
                    Assert.Equal(members[i], afterKill[i]);
                    Assert.Equal(members[i], afterDown[i]);
                }
            }
        }
        finally
        {
            foreach (var connection in held)
            {
                connection?.Dispose();
            }
        }
    }
}
