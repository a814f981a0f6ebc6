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
    }
}
