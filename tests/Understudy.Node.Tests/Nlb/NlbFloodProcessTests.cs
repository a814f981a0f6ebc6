using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Understudy.Node.Tests.Failover;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Nlb;

/// <summary>
/// Floods of TCP connections and of UDP sources past a node's caps (<c>nlb.maxConnections</c>,
/// <c>nlb.maxUdpSessions</c>): the flows past the cap are refused and counted, the node stays Up,
/// its failover role stays Online, and once the flood ends the node forwards again.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed partial class NlbFloodProcessTests
{
    private const int Cap = 8;
    private const int Flood = 30;

    private static string Section(string block) => $"""
        nlb:
          address: {block}.50
          maxConnections: {Cap}
          maxUdpSessions: {Cap}
          udpIdleTimeout: 2s
          rules:
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

    [Fact]
    public async Task FloodPastTheCaps_RefusedAndCounted_NodeAndRoleUnharmed()
    {
        await using var cluster = TestCluster.Create(extra: Section, roles: (block, root) => KvRole.Yaml(block, root));
        await using var backends = new EchoBackends();
        foreach (var node in cluster.Names)
        {
            backends.StartUdp(node, cluster.Address(node), 9053);
            backends.StartTcp(node, cluster.Address(node), 9082);
        }

        cluster.StartAll();
        await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s) && s.Nlb is { } nlb && nlb.Members.All(m => m.Eligible), "kv Online and every NLB member eligible");
        var n1 = cluster.Address("n1");
        await Eventually.GetAsync(() => NlbClient.HalfCloseAsync(Client(cluster, 0), n1, 8082, "x"u8.ToArray()), answer => answer is not null, "n1 forwarding TCP");
        await Eventually.GetAsync(() => NlbClient.UdpAsync(Client(cluster, 0), n1, 8053), answer => answer is not null, "n1 forwarding UDP");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        // TCP: hold Flood connections open through n1's dedicated address. The first Cap are
        // forwarded; the rest are reset at once and counted. A reset can reach the client before
        // its own connect call has returned (the kernel finished the handshake, the node accepted
        // and reset the flow, and only then did the socket's completion run): that connect fails
        // with ConnectionReset, and the flow counts as reset.
        var held = new List<Socket>();
        var resetAtConnect = 0;
        try
        {
            for (var i = 0; i < Flood; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(Client(cluster, 1 + i)), 0));
                try
                {
                    await socket.ConnectAsync(IPAddress.Parse(n1), 8082);
                    held.Add(socket);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                {
                    socket.Dispose();
                    resetAtConnect++;
                }
            }

            var shed = await CountReachesAsync(() => CountAsync(http, cluster.ApiUrl("n1"), "tcp", "cap"), Flood - Cap, "connections past n1's cap");
            Assert.True(shed <= Flood - Cap + 1, $"{shed} connections shed of {Flood}: more than the flood past the cap (one was the readiness probe's at most)");
            var reset = resetAtConnect;
            foreach (var socket in held)
            {
                reset += await WasResetAsync(socket) ? 1 : 0;
            }

            Assert.Equal(Flood - Cap, reset);
            await AssertUnharmedAsync(cluster);
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }

        // The held connections closed: n1 forwards new ones again.
        await Eventually.GetAsync(() => NlbClient.HalfCloseAsync(Client(cluster, 40), n1, 8082, "abc"u8.ToArray()), answer => answer is not null, "n1 forwarding TCP after the flood");

        // UDP: Flood sources send a datagram each; Cap get a session and an answer, the others are
        // dropped and counted until sessions idle out.
        var before = await CountAsync(http, cluster.ApiUrl("n1"), "udp", "cap");
        var sources = Enumerable.Range(0, Flood).Select(i => new UdpClient(new IPEndPoint(IPAddress.Parse(Client(cluster, 50 + i)), 0))).ToArray();
        try
        {
            foreach (var source in sources)
            {
                await source.SendAsync(Encoding.ASCII.GetBytes("ping"), new IPEndPoint(IPAddress.Parse(n1), 8053));
            }

            var shed = await CountReachesAsync(async () => await CountAsync(http, cluster.ApiUrl("n1"), "udp", "cap") - before, Flood - Cap, "UDP sources past n1's cap");
            Assert.True(shed <= Flood - Cap, $"{shed} UDP sources shed of {Flood}, with at most {Cap} sessions open before");
            var answered = await Task.WhenAll(sources.Select(AnsweredAsync));
            Assert.Equal(Cap, answered.Count(a => a));
            await AssertUnharmedAsync(cluster);
        }
        finally
        {
            Array.ForEach(sources, s => s.Dispose());
        }

        // Sessions idle out after udpIdleTimeout: a new source gets an answer again.
        await Eventually.GetAsync(() => NlbClient.UdpAsync(Client(cluster, 90), n1, 8053), answer => answer is not null, "n1 forwarding UDP after the flood");
    }

    // The flood must not cost the node its membership, its API or the role it holds.
    private static async Task AssertUnharmedAsync(TestCluster cluster)
    {
        foreach (var node in cluster.Names)
        {
            var status = await cluster.StatusAsync(node);
            Assert.NotNull(status);
            Assert.All(status.Nodes, n => Assert.Equal("Up", n.State));
            Assert.True(KvRole.IsOnline(status), $"kv on {node}'s view: {KvRole.Find(status)?.State}");
        }
    }

    private static async Task<bool> WasResetAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            return await socket.ReceiveAsync(new byte[16], timeout.Token) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;   // still open: forwarded, its member waits for the client's half-close
        }
    }

    private static async Task<bool> AnsweredAsync(UdpClient source)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await source.ReceiveAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<long> CountReachesAsync(Func<Task<long>> count, long target, string what) =>
        (long)await Eventually.GetAsync(async () => (object?)await count(), c => (long)c >= target, $"{target} {what} counted");

    private static async Task<long> CountAsync(HttpClient http, string api, string protocol, string reason)
    {
        var text = await http.GetStringAsync(api + "/metrics");
        var match = Regex.Match(text, $@"^understudy_nlb_connections_shed_total\{{[^}}]*protocol=""{protocol}""[^}}]*reason=""{reason}""[^}}]*\}} (\d+)", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static string Client(TestCluster cluster, int i) => $"{cluster.Block}.{100 + i}";
}
