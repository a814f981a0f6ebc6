using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Nlb;

/// <summary>What the forwarding loop does to HTTP/1.1 on its way through a real node.</summary>
[Collection(ProcessCollection.Name)]
public sealed class NlbHttpProcessTests
{
    [Fact]
    public async Task HttpRule_AppendsForwardedFor_KeepsPipelinedAnswersInOrder_TunnelsWebSockets_RefusesMalformedAndKeepsServing()
    {
        var (cluster, backends) = await NlbProcessTests.StartAsync();
        await using var _ = cluster;
        await using var __ = backends;
        var client = NlbProcessTests.Client(cluster, 7);
        var member = await NlbClient.GetAsync(client, cluster.Address("n1"), 8080);
        Assert.NotNull(member);

        // Four requests in one write: the member sees X-Forwarded-For with the client appended, a
        // chunked body arrives whole, a HEAD answer has no body, and the answers come in order.
        using (var exchange = await HttpExchange.ConnectAsync(client, cluster.Address("n1"), 8080))
        {
            await exchange.SendAsync(
                "GET /xff HTTP/1.1\r\nHost: t\r\nX-Forwarded-For: 192.0.2.1\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4;x=1\r\ndefg\r\n0\r\n\r\n"
                + "HEAD / HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            Assert.Equal((200, $"192.0.2.1, {client}"), await exchange.ReadAsync());
            Assert.Equal((200, "abcdefg"), await exchange.ReadAsync());
            Assert.Equal((200, ""), await exchange.ReadAsync(head: true));
            Assert.Equal((200, member + "\n"), await exchange.ReadAsync());

            // A malformed request (whitespace before the colon) is refused, and the connection closed.
            await exchange.SendAsync("GET / HTTP/1.1\r\nHost : t\r\n\r\n");
            Assert.Equal(400, (await exchange.ReadAsync()).Status);
            Assert.True(await exchange.ClosedAsync());
        }

        // Ambiguous framing (request smuggling's way in) is refused too.
        using (var exchange = await HttpExchange.ConnectAsync(client, cluster.Address("n1"), 8080))
        {
            await exchange.SendAsync("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
            Assert.Equal(400, (await exchange.ReadAsync()).Status);
        }

        // A WebSocket upgrade (101) turns the connection into a tunnel both ways.
        using (var socket = new System.Net.WebSockets.ClientWebSocket())
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await socket.ConnectAsync(new Uri($"ws://{cluster.Address("n1")}:8080/ws"), timeout.Token);
            foreach (var message in new[] { "first", "second" })
            {
                await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(message), System.Net.WebSockets.WebSocketMessageType.Text, true, timeout.Token);
                var buffer = new byte[64];
                var received = await socket.ReceiveAsync(buffer, timeout.Token);
                Assert.Equal(message, System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
            }

            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }

        // The node keeps serving.
        Assert.Equal(member, await NlbClient.GetAsync(client, cluster.Address("n1"), 8080));

        // TCP rule: the client's half-close reaches the member (which reads until it), and the
        // member's answer and close still come back.
        var answer = await NlbClient.HalfCloseAsync(client, cluster.Address("n1"), 8082, new byte[100_000]);
        Assert.NotNull(answer);
        var parts = answer.Split(' ');
        Assert.Contains(parts[0], cluster.Names);
        Assert.Equal("100000", parts[1]);

        // n1's metrics count what its data plane did: the HTTP and TCP connections it took, the
        // two 400s, every rule's 1024 buckets over the members; and it steers.
        using var http = new HttpClient();
        var metrics = await Eventually.GetAsync(
            async () => (string?)await http.GetStringAsync(cluster.ApiUrl("n1") + "/metrics"),
            text => Sum(text, "understudy_nlb_http_refused_total", "status=\"400\"") == 2,
            "the two 400s in n1's metrics");
        Assert.True(Sum(metrics, "understudy_nlb_connections_accepted_total", "protocol=\"http\"") >= 5);
        Assert.True(Sum(metrics, "understudy_nlb_connections_accepted_total", "protocol=\"tcp\"") >= 1);
        Assert.Equal(0, Sum(metrics, "understudy_nlb_http_refused_total", "status=\"502\""));
        Assert.Equal(1024, Sum(metrics, "understudy_nlb_buckets", "rule=\"web\""));
        Assert.Equal(1024, Sum(metrics, "understudy_nlb_buckets", "rule=\"dns\""));
        Assert.Equal(1, Sum(metrics, "understudy_nlb_steering", ""));
    }

    // Bytes after an Upgrade request wait for the member's answer (issue 13): when the member
    // does not switch protocols the connection is still HTTP/1.1, so they are parsed as its next
    // request and rewritten like any other, never passed on raw ahead of the answer.
    [Fact]
    public async Task UpgradeNotAccepted_BytesAfterItParsedAsTheNextRequest()
    {
        var (cluster, backends) = await NlbProcessTests.StartAsync();
        await using var _ = cluster;
        await using var __ = backends;
        var client = NlbProcessTests.Client(cluster, 9);
        using var exchange = await HttpExchange.ConnectAsync(client, cluster.Address("n1"), 8080);

        await exchange.SendAsync(
            "GET /xff HTTP/1.1\r\nHost: t\r\nConnection: upgrade\r\nUpgrade: not-a-protocol\r\n\r\n"
            + "GET /xff HTTP/1.1\r\nHost: t\r\nX-Forwarded-For: 192.0.2.9\r\n\r\n");

        Assert.Equal((200, client), await exchange.ReadAsync());
        Assert.Equal((200, $"192.0.2.9, {client}"), await exchange.ReadAsync());
    }

    /// <summary>The sum of the samples of <paramref name="series"/> whose labels contain <paramref name="label"/>.</summary>
    private static double Sum(string text, string series, string label) =>
        text.Split('\n')
            .Where(l => l.StartsWith(series + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    // A node turns on net.ipv4.tcp_migrate_req (when it may: root, Linux 5.14+, as the tests run),
    // so connections queued on a dying node's cluster-address listener move to a surviving node.
    [Fact]
    public async Task DataPlane_TurnsOnAcceptQueueMigration()
    {
        const string Sysctl = "/proc/sys/net/ipv4/tcp_migrate_req";
        await File.WriteAllTextAsync(Sysctl, "0");
        var (cluster, backends) = await NlbProcessTests.StartAsync();
        await using var _ = cluster;
        await using var __ = backends;
        Assert.Equal("1", (await File.ReadAllTextAsync(Sysctl)).Trim());
    }

    [Fact]
    public async Task KeptAliveConnection_NextRequestGoesToTheNewOwner_DrainDoesNotWaitForIdleConnections()
    {
        var (cluster, backends) = await NlbProcessTests.StartAsync();
        await using var _ = cluster;
        await using var __ = backends;

        // Kept-alive connections from distinct clients through n1's address, one answer each.
        var exchanges = new List<(HttpExchange Exchange, string Member)>();
        try
        {
            for (var i = 0; i < 12; i++)
            {
                var exchange = await HttpExchange.ConnectAsync(NlbProcessTests.Client(cluster, i), cluster.Address("n1"), 8080);
                await exchange.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
                exchanges.Add((exchange, (await exchange.ReadAsync()).Body.Trim()));
            }

            var victim = exchanges.Select(e => e.Member).First(m => m != "n1");
            Assert.Equal(0, await NlbProcessTests.RunCliAsync("nlb", "drainstop", victim, "-f", cluster.FilePath));

            // Idle kept-alive connections hold nothing: the drain ends because nothing is open
            // (not at its 20 s timeout), and their next request is answered by the bucket's new owner.
            var stopped = await cluster.WaitForAsync("n1", s => s.Nlb!.Members.Single(m => m.Name == victim).State == "Stopped", $"{victim} Stopped");
            Assert.Equal("drained", stopped.Nlb!.Members.Single(m => m.Name == victim).Reason);
            foreach (var (exchange, member) in exchanges)
            {
                await exchange.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
                var answer = (await exchange.ReadAsync()).Body.Trim();
                Assert.NotEqual(victim, answer);
                if (member != victim)
                {
                    Assert.Equal(member, answer);
                }
            }
        }
        finally
        {
            foreach (var (exchange, _) in exchanges)
            {
                exchange.Dispose();
            }
        }
    }
    [Fact]
    public async Task KeptAliveMemberConnectionClosedUnderARequest_RequestSentAgainToTheSameMember()
    {
        // Each member's service answers the first request of a connection and closes the
        // connection when the second arrives, as a server closing an idle kept-alive connection
        // just as a request goes out does.
        const string Rule = """
                - name: once
                  ports: 8084
                  protocol: http
                  affinity: single
                  targetPort: 9084

            """;
        var (cluster, backends) = await NlbProcessTests.StartAsync(block => NlbProcessTests.NlbSection(block).Replace("    - name: dns\n", Rule + "    - name: dns\n", StringComparison.Ordinal));
        await using var _ = cluster;
        await using var __ = backends;
        using var stop = new CancellationTokenSource();
        var services = cluster.Names.Select(node => AnswerOncePerConnectionAsync(node, cluster.Address(node), stop.Token)).ToArray();
        try
        {
            var source = NlbProcessTests.Client(cluster, 7);
            using var client = await HttpExchange.ConnectAsync(source, cluster.Address("n1"), 8084);
            await client.SendAsync($"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            var (status, first) = await client.ReadAsync();
            Assert.Equal(200, status);
            for (var i = 0; i < 3; i++)
            {
                await client.SendAsync($"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                Assert.Equal((200, first), await client.ReadAsync());
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(services);
        }
    }

    private static async Task AnswerOncePerConnectionAsync(string node, string address, CancellationToken token)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse(address), 9084);
        listener.Start();
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(token);
                connections.Add(Task.Run(async () =>
                {
                    using var _ = socket;
                    var buffer = new byte[4096];
                    var seen = "";
                    while (!seen.Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var read = await socket.ReceiveAsync(buffer, token);
                        if (read == 0)
                        {
                            return;
                        }

                        seen += System.Text.Encoding.ASCII.GetString(buffer, 0, read);
                    }

                    await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {node.Length}\r\n\r\n{node}"), token);
                    await socket.ReceiveAsync(buffer, token); // the next request: closed unanswered
                }, token));
            }
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            await Task.WhenAll(connections);
        }
        catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException)
        {
        }
    }
}
