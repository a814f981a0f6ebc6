using System.Net;
using System.Net.Sockets;
using System.Text;
using Understudy.Core.Heartbeats;
using Understudy.Core.Security;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Heartbeats;

/// <summary>Garbage, truncated, oversized, forged and unknown datagrams are dropped and counted; the node carries on.</summary>
[Collection(ProcessCollection.Name)]
public sealed class HostileDatagramTests
{
    [Fact]
    public async Task HostileDatagrams_AreDroppedByReason_AndTheClusterStaysUp()
    {
        await using var cluster = TestCluster.Create();
        cluster.StartAll();
        await cluster.WaitForUpAsync("n1", "n1", "n2", "n3");
        var target = new IPEndPoint(IPAddress.Parse(cluster.Address("n1")), cluster.HeartbeatPort);
        using var socket = new UdpClient(AddressFamily.InterNetwork);

        var keys = ClusterKeys.Derive(Encoding.UTF8.GetBytes(TestCluster.Key), "test");
        var valid = new byte[HeartbeatCodec.MaxDatagramSize];
        var length = HeartbeatCodec.Encode(new Heartbeat(HeartbeatKind.Node, "mallory", 1, 1, 4242), keys.HeartbeatKey.Span, valid);
        var forgedKeys = ClusterKeys.Derive(Encoding.UTF8.GetBytes("not-the-cluster-key-at-all"), "test");
        var forged = new byte[HeartbeatCodec.MaxDatagramSize];
        var forgedLength = HeartbeatCodec.Encode(new Heartbeat(HeartbeatKind.Node, "n2", long.MaxValue, 1, 1), forgedKeys.HeartbeatKey.Span, forged);

        const int each = 25;
        var random = new Random(7);
        for (var i = 0; i < each; i++)
        {
            var garbage = new byte[random.Next(40, 200)];
            random.NextBytes(garbage);
            await socket.SendAsync(garbage, target);                          // bad magic
            await socket.SendAsync(valid.AsMemory(0, 10).ToArray(), target);  // truncated
            await socket.SendAsync(new byte[4000], target);                   // oversized
            await socket.SendAsync(forged.AsMemory(0, forgedLength).ToArray(), target); // bad MAC
            await socket.SendAsync(valid.AsMemory(0, length).ToArray(), target);        // unknown sender
        }

        var status = await cluster.WaitForAsync(
            "n1",
            s => s.Heartbeats.Dropped["badMagic"] >= each / 2 && s.Heartbeats.Dropped["truncated"] >= each / 2
                && s.Heartbeats.Dropped["oversized"] >= each / 2 && s.Heartbeats.Dropped["badMac"] >= each / 2
                && s.Heartbeats.Dropped["unknownSender"] >= each / 2,
            "hostile datagrams counted by reason");

        Assert.All(status.Nodes, n => Assert.Equal("Up", n.State));
        Assert.True(status.Quorum);

        // n2's forged beat with a huge incarnation must not have displaced n2's real one.
        var later = await cluster.WaitForAsync("n1", s => s.Heartbeats.Accepted > status.Heartbeats.Accepted + 10, "more real beats");
        Assert.Equal(cluster.ProcessId("n2"), later.Nodes.Single(n => n.Name == "n2").Pid);
    }
}
