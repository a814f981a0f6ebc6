using System.Text;
using Understudy.Core.Nlb.Http1;

namespace Understudy.Core.Tests.Nlb.Http1;

/// <summary>The parser holes a review found (issue 13), each refused byte by byte.</summary>
public sealed class Http1HardeningTests
{
    private static readonly Http1Request Get = new(0, Http1Framing.None, 0, true, false, false, false, true);

    private static string? RequestError(string head)
    {
        var parsed = Http1Heads.ParseRequest(Encoding.Latin1.GetBytes(head), out var error);
        return parsed is null ? error : null;
    }

    private static (int Taken, string? Error) Chunked(string body)
    {
        var parser = new Http1Body();
        parser.Begin(Http1Framing.Chunked, 0);
        return (parser.Take(Encoding.ASCII.GetBytes(body)), parser.Error);
    }

    [Theory]
    [InlineData("0\r\nTrailer: x\n\r\n")]
    [InlineData("0\r\nTrailer: x\r\n\n")]
    [InlineData("0\r\n\n")]
    [InlineData("3\r\nabc\r\n0\r\nA: 1\r\nB: 2\n\r\n")]
    public void Chunked_BareLfInTrailerSection_Refused(string body)
    {
        var (taken, error) = Chunked(body);

        Assert.Equal(-1, taken);
        Assert.Equal("bare LF in trailer section", error);
    }

    [Fact]
    public void Chunked_CrlfTrailers_StillEnd() =>
        Assert.Equal(("0\r\nA: 1\r\nB: 2\r\n\r\n".Length, (string?)null), Chunked("0\r\nA: 1\r\nB: 2\r\n\r\nGET"));

    [Theory]
    [InlineData("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", "empty Content-Length")]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: \t \r\n\r\n", "empty Content-Length")]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: ,\r\n\r\n", "empty Content-Length")]
    [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding:\r\n\r\n", "empty Transfer-Encoding")]
    [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: , \r\n\r\n", "empty Transfer-Encoding")]
    [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding:\r\n\r\n", "empty Transfer-Encoding")]
    public void EmptyFramingField_Refused(string head, string error) => Assert.Equal(error, RequestError(head));

    [Fact]
    public void EmptyContentLengthInResponse_Refused()
    {
        Assert.Null(Http1Heads.ParseResponse("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n"u8, Get, out var error));
        Assert.Equal("empty Content-Length", error);
    }

    [Fact]
    public void HeadOverLimitInOneBuffer_Refused()
    {
        var head = "GET / HTTP/1.1\r\nX-Big: " + new string('a', Http1Heads.MaxRequestHead) + "\r\n\r\n";

        Assert.Equal("request head too large", RequestError(head));
    }

    [Fact]
    public void HeadAtLimit_Accepted()
    {
        const string Start = "GET / HTTP/1.1\r\nX-Big: ";
        var head = Start + new string('a', Http1Heads.MaxRequestHead - Start.Length - 4) + "\r\n\r\n";
        Assert.Equal(Http1Heads.MaxRequestHead, head.Length);

        Assert.Null(RequestError(head));
        Assert.Equal("request head too large", RequestError(head.Insert(Start.Length, "a")));
    }

    [Fact]
    public void FieldCount_CappedAtMaxFields()
    {
        static string Head(int fields) => "GET / HTTP/1.1\r\n" + string.Concat(Enumerable.Range(0, fields).Select(i => $"X-{i}: v\r\n")) + "\r\n";

        Assert.Null(RequestError(Head(Http1Heads.MaxFields)));
        Assert.Equal($"more than {Http1Heads.MaxFields} header fields", RequestError(Head(Http1Heads.MaxFields + 1)));
    }

    [Theory]
    [InlineData('\u0001')]
    [InlineData('\u0008')]
    [InlineData('\u000b')]
    [InlineData('\u000c')]
    [InlineData('\u001b')]
    [InlineData('\u001f')]
    [InlineData('\u007f')]
    [InlineData('\r')]
    [InlineData('\n')]
    [InlineData('\0')]
    public void ControlCharacterInFieldValue_Refused(char control) =>
        Assert.Equal("control character in a header value", RequestError($"GET / HTTP/1.1\r\nX-A: a{control}b\r\n\r\n"));

    [Theory]
    [InlineData("a\tb")]
    [InlineData("caf\u00e9")]
    [InlineData("~!\"#")]
    public void TabAndObsTextInFieldValue_Accepted(string value) =>
        Assert.Null(RequestError($"GET / HTTP/1.1\r\nX-A: {value}\r\n\r\n"));

    [Theory]
    [InlineData("GET / HTTP/1.1")]
    [InlineData("GET / HTTP/1.1\r\nHost: a")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n")]
    [InlineData("")]
    public void HeadWithoutBlankLine_RefusedNotThrown(string head) => Assert.NotNull(RequestError(head));
}
