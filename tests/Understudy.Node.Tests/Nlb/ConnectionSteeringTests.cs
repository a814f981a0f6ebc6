using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Understudy.Core.Database;
using Understudy.Core.Membership;
using Understudy.Core.Nlb;
using Understudy.Node.Nlb;
using Understudy.Node.Nlb.Steering;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Nlb;

/// <summary>
/// The steering program on the real kernel: three listeners in one SO_REUSEPORT group on a
/// cluster address, each joined as a node would (sharing the pinned maps), and connections from
/// many client addresses. Each must be accepted by the listener of its bucket's owner; with the
/// owner's listener gone, the kernel's own choice takes over. Needs root (bpf), as CI runs.
/// </summary>
public sealed class ConnectionSteeringTests
{
    private const int Port = 8080;

    [Theory]
    [InlineData(Affinity.Single)]
    [InlineData(Affinity.None)]
    [InlineData(Affinity.Network)]
    public async Task EachConnection_IsAcceptedByItsBucketOwnersListener(Affinity affinity)
    {
        Requires.Root("loading eBPF programs");
        var block = TestAddresses.Block();
        var (nlb, view) = Cluster(block, affinity);
        var listeners = Listen(nlb);
        var steering = Join(nlb, view, listeners);
        try
        {
            var rule = view.Rules[0];
            for (var client = 10; client < 50; client++)
            {
                // /24 affinity needs clients in several /24s: spread them over 127.x.y.* blocks.
                var source = affinity == Affinity.Network ? $"{TestAddresses.Block()}.{client}" : $"{block}.{client}";
                var (accepted, sourcePort) = await ConnectAndAcceptAsync(source, nlb.ClusterAddress, listeners);
                var owner = rule.Map.OwnerOf(AffinityKey.Bucket(affinity, IPAddress.Parse(source), sourcePort));
                Assert.Equal(owner, nlb.Members[accepted].Node);
            }
        }
        finally
        {
            Close(steering, listeners);
        }
    }

    [Fact]
    public async Task OwnersListenerGone_TheKernelChoosesAnother()
    {
        Requires.Root("loading eBPF programs");
        var block = TestAddresses.Block();
        var (nlb, view) = Cluster(block, Affinity.Single);
        var listeners = Listen(nlb);
        var steering = Join(nlb, view, listeners);
        try
        {
            // c's listener closes (its node died): its buckets' connections still land somewhere.
            steering[2]!.Dispose();
            listeners[2].Dispose();
            var rule = view.Rules[0];
            var ofC = 0;
            for (var client = 10; client < 40; client++)
            {
                var source = $"{block}.{client}";
                var (accepted, _) = await ConnectAndAcceptAsync(source, nlb.ClusterAddress, listeners[..2]);
                Assert.InRange(accepted, 0, 1);
                ofC += rule.Map.OwnerOf(AffinityKey.Bucket(Affinity.Single, IPAddress.Parse(source), 0)) == "c" ? 1 : 0;
            }

            Assert.True(ofC > 0, "some clients belong to c's buckets");
        }
        finally
        {
            Close(steering[..2], listeners[..2]);
        }
    }

    [Fact]
    public void LastNodeLeaving_RemovesThePinnedMaps()
    {
        Requires.Root("loading eBPF programs");
        var block = TestAddresses.Block();
        var (nlb, view) = Cluster(block, Affinity.Single);
        var listeners = Listen(nlb);
        var steering = Join(nlb, view, listeners);
        var stem = $"/sys/fs/bpf/understudy/{Convert.ToHexStringLower(nlb.ClusterAddress.GetAddressBytes())}-{Port}-1";
        Assert.True(File.Exists(stem + "-owners"));
        steering[0]!.Dispose();
        steering[1]!.Dispose();
        Assert.True(File.Exists(stem + "-sockets"), "kept while a node's listener is in it");
        Close(steering[2..], listeners);
        Assert.False(File.Exists(stem + "-owners"));
        Assert.False(File.Exists(stem + "-sockets"));
    }

    private static (NlbConfig Nlb, NlbView View) Cluster(string block, Affinity affinity)
    {
        var nlb = new NlbConfig
        {
            ClusterAddress = IPAddress.Parse($"{block}.200"),
            Members = [new("a", 1, IPAddress.Parse($"{block}.1")), new("b", 2, IPAddress.Parse($"{block}.2")), new("c", 3, IPAddress.Parse($"{block}.3"))],
            Rules = [new PortRule { Name = "web", FirstPort = Port, LastPort = Port, TargetPort = 9080, Affinity = affinity, Weights = ImmutableSortedDictionary<string, int>.Empty }],
        };
        var t0 = DateTimeOffset.UnixEpoch;
        var state = ClusterState.Empty;
        long index = 0;
        foreach (var member in nlb.Members)
        {
            state = state.Apply(new NodeUp(t0, member.Node, 1, 100, "first heartbeat"), ++index);
            state = state.Apply(new NlbAnnounce(t0, member.Node, nlb.RulesFingerprint(), member.HostPriority), ++index);
        }

        var view = NlbViews.Derive(nlb, state);
        Assert.All(nlb.Members, m => Assert.True(view.Rules[0].Map.BucketsOwnedBy(m.Node) > 0));
        return (nlb, view);
    }

    private static Socket[] Listen(NlbConfig nlb) => [.. nlb.Members.Select(_ =>
    {
        var socket = ReusePortSocket.Bind(new IPEndPoint(nlb.ClusterAddress, Port), SocketType.Stream, reusePort: true);
        socket.Listen(64);
        return socket;
    })];

    private static ConnectionSteering?[] Join(NlbConfig nlb, NlbView view, Socket[] listeners)
    {
        var steering = nlb.Members.Select((m, i) => ConnectionSteering.TryStart(nlb, m.HostPriority, [(nlb.Rules[0], Port, listeners[i])], view, new SteeringStatus(), NullLogger.Instance)).ToArray();
        Assert.All(steering, s => Assert.NotNull(s));
        return steering;
    }

    private static void Close(ConnectionSteering?[] steering, Socket[] listeners)
    {
        foreach (var s in steering)
        {
            s?.Dispose();
        }

        foreach (var listener in listeners)
        {
            listener.Dispose();
        }
    }

    /// <summary>Connects from <paramref name="source"/>; which listener accepted, and the client's port.</summary>
    private static async Task<(int Listener, int SourcePort)> ConnectAndAcceptAsync(string source, IPAddress address, Socket[] listeners)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(address, Port, timeout.Token);
        var local = (IPEndPoint)client.LocalEndPoint!;
        while (true)
        {
            for (var i = 0; i < listeners.Length; i++)
            {
                if (listeners[i].Poll(0, SelectMode.SelectRead))
                {
                    using var accepted = listeners[i].Accept();
                    Assert.Equal(local, accepted.RemoteEndPoint);
                    return (i, local.Port);
                }
            }

            timeout.Token.ThrowIfCancellationRequested();
            await Task.Delay(5, timeout.Token);
        }
    }
}
