using System.Text;
using Understudy.Core.Nlb.Http1;

namespace Understudy.Core.Tests.Nlb.Http1;

public sealed class Http1HeadsTests
{
    private static Http1Request? Request(string head, out string? error) => Http1Heads.ParseRequest(Encoding.ASCII.GetBytes(head), out error);

    private static Http1Request Request(string head) => Request(head, out var error) ?? throw new InvalidOperationException(error);

    private static Http1Response? Response(string head, Http1Request request) => Http1Heads.ParseResponse(Encoding.ASCII.GetBytes(head), request, out _);

    [Fact]
    public void FindEnd_FindsTheBlankLine_OrMinusOne()
    {
        Assert.Equal(18, Http1Heads.FindEnd("GET / HTTP/1.1\r\n\r\nbody"u8));
        Assert.Equal(-1, Http1Heads.FindEnd("GET / HTTP/1.1\r\nHost: a\r\n"u8));
    }

    [Fact]
    public void Get11_KeepAliveNoBody_Idempotent()
    {
        var request = Request("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.Equal(Http1Framing.None, request.Framing);
        Assert.True(request.KeepAlive);
        Assert.True(request.IsIdempotent);
        Assert.False(request.IsHead);
        Assert.Equal(28, request.HeadLength);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.0\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.1\r\nConnection: keep-alive, CLOSE\r\n\r\n", false)]
    public void KeepAlive_FollowsVersionAndConnection(string head, bool keepAlive) =>
        Assert.Equal(keepAlive, Request(head).KeepAlive);

    [Fact]
    public void Post_ContentLength_IsLengthFramed_NotIdempotent()
    {
        var request = Request("POST / HTTP/1.1\r\nContent-Length: 12\r\n\r\n");
        Assert.Equal((Http1Framing.Length, 12L), (request.Framing, request.ContentLength));
        Assert.False(request.IsIdempotent);
    }

    [Fact]
    public void Chunked_IsChunkFramed() =>
        Assert.Equal(Http1Framing.Chunked, Request("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").Framing);

    [Fact]
    public void RepeatedEqualContentLengths_Accepted() =>
        Assert.Equal(5, Request("PUT / HTTP/1.1\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\n").ContentLength);

    [Theory]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", "both Transfer-Encoding and Content-Length")]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "invalid Content-Length")]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length")]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", "invalid Content-Length")]
    [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", "request coding does not end with chunked")]
    [InlineData("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", "Transfer-Encoding in HTTP/1.0")]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n", "malformed header line")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", "folded header line")]
    [InlineData("GET / HTTP/1.1\r\nNoColon\r\n\r\n", "malformed header line")]
    [InlineData("GET / HTTP/2.0\r\n\r\n", "unsupported HTTP version")]
    [InlineData("GET /a b HTTP/1.1\r\n\r\n", "malformed request line")]
    [InlineData("GET\r\n\r\n", "malformed request line")]
    [InlineData("G(T / HTTP/1.1\r\n\r\n", "malformed request line")]
    [InlineData("GET / HTTP/1.1\r\nBad: a\u0000b\r\n\r\n", "control character in a header value")]
    public void Ambiguous_OrMalformed_Refused(string head, string reason)
    {
        Assert.Null(Request(head, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void Upgrade_NeedsUpgradeHeaderAndConnectionOption()
    {
        Assert.True(Request("GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n").IsUpgrade);
        Assert.False(Request("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n").IsUpgrade);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", Http1Framing.Length, true)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", Http1Framing.Chunked, true)]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", Http1Framing.UntilClose, false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", Http1Framing.None, true)]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", Http1Framing.None, true)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", Http1Framing.None, true)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\n", Http1Framing.Length, false)]
    [InlineData("HTTP/1.1 200\r\nContent-Length: 3\r\nConnection: close\r\n\r\n", Http1Framing.Length, false)]
    public void Response_Framing(string head, Http1Framing framing, bool keepAlive)
    {
        var response = Response(head, Request("GET / HTTP/1.1\r\n\r\n"))!.Value;
        Assert.Equal((framing, keepAlive), (response.Framing, response.KeepAlive));
    }

    [Fact]
    public void ResponseToHead_HasNoBody() =>
        Assert.Equal(Http1Framing.None, Response("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", Request("HEAD / HTTP/1.1\r\n\r\n"))!.Value.Framing);

    [Fact]
    public void Continue_IsInterim_SwitchingIsNot()
    {
        var get = Request("GET / HTTP/1.1\r\n\r\n");
        Assert.True(Response("HTTP/1.1 100 Continue\r\n\r\n", get)!.Value.IsInterim);
        Assert.False(Response("HTTP/1.1 101 Switching Protocols\r\n\r\n", get)!.Value.IsInterim);
    }

    [Theory]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("HTTP/3 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")]
    public void MalformedResponse_Refused(string head) =>
        Assert.Null(Response(head, Request("GET / HTTP/1.1\r\n\r\n")));
}
