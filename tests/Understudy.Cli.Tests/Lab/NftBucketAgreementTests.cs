using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Understudy.Cli.Lab;
using Understudy.Core.Nlb;
using Understudy.Core.Nlb.Distributed;

namespace Understudy.Cli.Tests.Lab;

/// <summary>
/// The bucket Core computes for a key (<see cref="ClusterBucket"/>) is the bucket the kernel's
/// nftables computes with the very expression the host filter uses: 200 client addresses
/// connect from their own ports in a namespace of this test, and a dynamic set records, per
/// packet, the source and nftables' bucket for each affinity.
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class NftBucketAgreementTests
{
    private static readonly IPAddress Cluster = IPAddress.Parse("10.201.9.100");

    [Fact]
    public async Task Buckets_OfEveryAffinity_AgreeWithNftablesOnThisKernel()
    {
        LabCluster.RequirePrerequisites();
        var ns = $"understudy-agree-{Guid.NewGuid().ToString("N")[..8]}";
        var seed = ClusterBucket.Seed(Cluster);
        var clients = Enumerable.Range(0, 4).SelectMany(a => Enumerable.Range(1, 50).Select(b => IPAddress.Parse($"10.201.{a}.{b}"))).ToList();
        Assert.Equal(0, (await LabCluster.RunAsync("ip", "netns", "add", ns)).ExitCode);
        try
        {
            await MustAsync("ip", "-n", ns, "link", "set", "lo", "up");
            foreach (var address in clients.Append(Cluster))
            {
                await MustAsync("ip", "-n", ns, "addr", "add", $"{address}/32", "dev", "lo");
            }

            var script = $$"""
                table ip agree {
                	set single { typeof ip saddr . numgen inc mod 1024; flags dynamic; size 4096; }
                	set network { typeof ip saddr . numgen inc mod 1024; flags dynamic; size 4096; }
                	set none { typeof ip saddr . tcp sport . numgen inc mod 1024; flags dynamic; size 4096; }
                	chain prerouting {
                		type filter hook prerouting priority -150; policy accept;
                		ip daddr {{Cluster}} tcp dport 7 tcp flags & (fin|syn|rst|ack) == syn add @single { ip saddr . {{ClusterBucket.Expression(Affinity.Single, "tcp", seed)}} }
                		ip daddr {{Cluster}} tcp dport 7 tcp flags & (fin|syn|rst|ack) == syn add @network { ip saddr . {{ClusterBucket.Expression(Affinity.Network, "tcp", seed)}} }
                		ip daddr {{Cluster}} tcp dport 7 tcp flags & (fin|syn|rst|ack) == syn add @none { ip saddr . tcp sport . {{ClusterBucket.Expression(Affinity.None, "tcp", seed)}} }
                	}
                }

                """;
            await LabTool.NftAsync(ns, script);

            var ports = new Dictionary<IPAddress, int>();
            using (var sockets = new NamespaceSockets(ns))
            {
                foreach (var client in clients)
                {
                    using var socket = await sockets.CreateAsync(AddressFamily.InterNetwork);
                    socket.Bind(new IPEndPoint(client, 0));
                    ports[client] = ((IPEndPoint)socket.LocalEndPoint!).Port;
                    // Nothing listens on port 7: the SYN passes the chain and is refused.
                    await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(new IPEndPoint(Cluster, 7)));
                }
            }

            foreach (var (set, affinity) in new[] { ("single", Affinity.Single), ("network", Affinity.Network), ("none", Affinity.None) })
            {
                var listed = (await LabCluster.RunAsync("ip", "netns", "exec", ns, "nft", "list", "set", "ip", "agree", set)).Out;
                var seen = Element().Matches(listed).Select(m => (Address: IPAddress.Parse(m.Groups[1].Value), Port: m.Groups[3].Success ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : 0, Bucket: int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture))).ToList();
                Assert.Equal(clients.Count, seen.Count);
                foreach (var (address, port, bucket) in seen)
                {
                    Assert.True(affinity != Affinity.None || port == ports[address], $"{address}: port {port} is not the client's {ports[address]}");
                    Assert.Equal((address, ClusterBucket.Of(affinity, address, ports[address], seed)), (address, bucket));
                }
            }
        }
        finally
        {
            await LabCluster.RunAsync("ip", "netns", "del", ns);
        }
    }

    private static async Task MustAsync(params string[] program) => Assert.Equal(0, (await LabCluster.RunAsync(program)).ExitCode);

    [GeneratedRegex(@"(\d+\.\d+\.\d+\.\d+)( \. (\d+))? \. (\d+)")]
    private static partial Regex Element();
}
