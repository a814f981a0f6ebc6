using System.Net.Sockets;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Api;

/// <summary><c>apiAddress</c>: a node's API on a management address of its own, its heartbeats
/// and Raft on <c>address</c>; the other nodes and the CLI find it there.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ApiAddressProcessTests
{
    [Fact]
    public async Task ApiOnItsOwnAddress_ClusterFormsThroughIt_NothingListensOnTheNodeAddressApiPort()
    {
        await using var cluster = TestCluster.Create(nodes: 3);
        var management = $"{cluster.Block}.102";
        File.WriteAllText(cluster.FilePath, File.ReadAllText(cluster.FilePath).Replace(
            $"    address: {cluster.Block}.2\n", $"    address: {cluster.Block}.2\n    apiAddress: {management}\n", StringComparison.Ordinal));
        cluster.StartAll();

        // n1 and n3 lease from, report to and see n2 through its API on the management address.
        var status = await cluster.WaitForUpAsync("n1", "n1", "n2", "n3");
        Assert.Equal($"http://{management}:7400", status.Nodes.Single(n => n.Name == "n2").ApiUrl);
        using var http = new HttpClient();
        Assert.Contains("\"name\"", await http.GetStringAsync($"http://{management}:7400/api/status"), StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync($"http://{cluster.Address("n2")}:7400/api/status"));
        Assert.Equal(SocketError.ConnectionRefused, (refused.InnerException as SocketException)?.SocketErrorCode);

        // The CLI reads the file, and shows n2's API where the file puts it.
        var (code, output) = await Understudy.Node.Tests.Failover.Cli.RunAsync("status", "--json", "-f", cluster.FilePath);
        Assert.True(code == 0, output);
        Assert.Contains($"http://{management}:7400", output, StringComparison.Ordinal);
    }
}
