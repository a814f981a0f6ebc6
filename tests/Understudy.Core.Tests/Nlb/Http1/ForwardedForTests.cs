using System.Buffers;
using System.Text;
using Understudy.Core.Nlb.Http1;

namespace Understudy.Core.Tests.Nlb.Http1;

public sealed class ForwardedForTests
{
    private static string Rewrite(string head, string client = "10.0.0.9")
    {
        var output = new ArrayBufferWriter<byte>();
        ForwardedFor.Rewrite(Encoding.ASCII.GetBytes(head), Encoding.ASCII.GetBytes(client), output);
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }

    [Fact]
    public void NoPrior_AddsTheClient() =>
        Assert.Equal("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 10.0.0.9\r\n\r\n", Rewrite("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));

    [Fact]
    public void NoFields_AddsTheClient() =>
        Assert.Equal("GET / HTTP/1.1\r\nX-Forwarded-For: 10.0.0.9\r\n\r\n", Rewrite("GET / HTTP/1.1\r\n\r\n"));

    [Fact]
    public void Priors_JoinedInOrder_ClientLast_OtherFieldsKept() =>
        Assert.Equal(
            "GET / HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nX-Forwarded-For: 1.1.1.1, 2.2.2.2, 3.3.3.3, 10.0.0.9\r\n\r\n",
            Rewrite("GET / HTTP/1.1\r\nx-forwarded-for:  1.1.1.1, 2.2.2.2 \r\nHost: a\r\nX-Forwarded-For: 3.3.3.3\r\nAccept: */*\r\n\r\n"));

    [Fact]
    public void EmptyPrior_Skipped() =>
        Assert.Equal("GET / HTTP/1.1\r\nX-Forwarded-For: 10.0.0.9\r\n\r\n", Rewrite("GET / HTTP/1.1\r\nX-Forwarded-For:\r\n\r\n"));

    [Fact]
    public void ManyPriors_AllKept()
    {
        var head = "GET / HTTP/1.1\r\n" + string.Concat(Enumerable.Range(1, 12).Select(i => $"X-Forwarded-For: 1.1.1.{i}\r\n")) + "\r\n";
        Assert.EndsWith("1.1.1.11, 1.1.1.12, 10.0.0.9\r\n\r\n", Rewrite(head));
    }

    [Fact]
    public void SimilarName_NotTouched() =>
        Assert.Equal("GET / HTTP/1.1\r\nX-Forwarded-Fort: x\r\nX-Forwarded-For: 10.0.0.9\r\n\r\n", Rewrite("GET / HTTP/1.1\r\nX-Forwarded-Fort: x\r\n\r\n"));
}
