using System.Diagnostics;
using System.Net;
using System.Text;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Nlb;

/// <summary>Windows NLB's default host: TCP and UDP to a port no rule covers go to the eligible
/// member with the highest host priority (nftables redirects them to the nodes; root, as the tests run).</summary>
[Collection(ProcessCollection.Name)]
public sealed class NlbUncoveredProcessTests
{
    private const int UncoveredServicePort = 9600;

    private static string Section(string block) =>
        NlbProcessTests.NlbSection(block).Replace("  drainTimeout: 20s\n", "  drainTimeout: 20s\n  uncoveredPort: 8099\n", StringComparison.Ordinal);

    [Fact]
    public async Task PortNoRuleCovers_GoesToTheDefaultHost_AndToTheNextWhenItStops()
    {
        Requires.Root("nftables");
        Requires.Command("nft", "nftables");
        var (cluster, backends) = await NlbProcessTests.StartAsync(Section);
        var clusterAddress = $"{cluster.Block}.50";
        try
        {
            await using var _ = cluster;
            await using var __ = backends;
            foreach (var node in cluster.Names)
            {
                backends.StartTcp(node, cluster.Address(node), UncoveredServicePort);
                backends.StartUdp(node, cluster.Address(node), UncoveredServicePort);
            }

            var first = (await cluster.StatusAsync("n1"))!.Nlb!.DefaultHost;
            Assert.NotNull(first);
            Assert.Equal(first, await Eventually.GetAsync(
                () => AskAsync(NlbProcessTests.Client(cluster, 3), clusterAddress), answer => answer is not null, "an answer on a port no rule covers"));

            // UDP too: the reply comes back from the port the client sent to, not the redirect's.
            var udp = await Eventually.GetAsync(
                () => AskUdpAsync(NlbProcessTests.Client(cluster, 5), clusterAddress), answer => true, "a UDP answer on a port no rule covers");
            Assert.Equal(first, udp.Answer);
            Assert.Equal(new IPEndPoint(IPAddress.Parse(clusterAddress), UncoveredServicePort), udp.From);

            Assert.Equal(0, await NlbProcessTests.RunCliAsync("nlb", "stop", first, "-f", cluster.FilePath));
            var next = (await cluster.WaitForAsync("n1", s => s.Nlb!.DefaultHost is { } host && host != first, "another default host")).Nlb!.DefaultHost;
            Assert.Equal(next, await Eventually.GetAsync(
                () => AskAsync(NlbProcessTests.Client(cluster, 4), clusterAddress), answer => answer == next, "the next default host answering"));
            Assert.Equal(next, (await Eventually.GetAsync(
                () => AskUdpAsync(NlbProcessTests.Client(cluster, 6), clusterAddress), answer => answer.Answer == next, "the next default host answering UDP")).Answer);

            // The table is there while nodes run, and the last node to stop removes it.
            Assert.Equal(0, await NftAsync("list", "table", "ip", Table(clusterAddress)));
            await cluster.StopAllAsync();
            Assert.NotEqual(0, await NftAsync("list", "table", "ip", Table(clusterAddress)));
        }
        finally
        {
            // Killed nodes leave it.
            await NftAsync("delete", "table", "ip", Table(clusterAddress));
        }
    }

    private static string Table(string clusterAddress) => "understudy_" + Convert.ToHexStringLower(IPAddress.Parse(clusterAddress).GetAddressBytes());

    private static async Task<int> NftAsync(params string[] args)
    {
        var start = new ProcessStartInfo("nft") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var nft = Process.Start(start)!;
        await nft.StandardOutput.ReadToEndAsync();
        await nft.StandardError.ReadToEndAsync();
        await nft.WaitForExitAsync();
        return nft.ExitCode;
    }

    // The UDP echo backend answers its node's name.
    private static async Task<UdpAnswer?> AskUdpAsync(string source, string address)
    {
        using var socket = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Parse(source), 0));
        await socket.SendAsync(Encoding.ASCII.GetBytes("ping"), new IPEndPoint(IPAddress.Parse(address), UncoveredServicePort));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            var reply = await socket.ReceiveAsync(timeout.Token);
            return new UdpAnswer(Encoding.UTF8.GetString(reply.Buffer), reply.RemoteEndPoint);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private sealed record UdpAnswer(string Answer, IPEndPoint From);

    // The TCP echo backend reads to the client's half-close and answers "NODE COUNT".
    private static async Task<string?> AskAsync(string source, string address) =>
        await NlbClient.HalfCloseAsync(source, address, UncoveredServicePort, Encoding.ASCII.GetBytes("hello")) is { } answer
        && answer.Split(' ') is [var node, "5"] ? node : null;
}
