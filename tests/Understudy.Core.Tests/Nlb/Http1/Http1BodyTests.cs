using System.Text;
using CsCheck;
using Understudy.Core.Nlb.Http1;

namespace Understudy.Core.Tests.Nlb.Http1;

public sealed class Http1BodyTests
{
    private const string Chunked = "5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: x\r\n\r\n";

    [Fact]
    public void Length_TakesExactlyTheBody()
    {
        var body = new Http1Body();
        body.Begin(Http1Framing.Length, 5);
        Assert.Equal(3, body.Take("abc"u8));
        Assert.False(body.Done);
        Assert.Equal(2, body.Take("deGET"u8));
        Assert.True(body.Done);
    }

    [Fact]
    public void None_IsDoneAtOnce()
    {
        var body = new Http1Body();
        body.Begin(Http1Framing.None, 0);
        Assert.True(body.Done);
        Assert.Equal(0, body.Take("GET"u8));
    }

    [Fact]
    public void UntilClose_TakesEverything_NeverDone()
    {
        var body = new Http1Body();
        body.Begin(Http1Framing.UntilClose, 0);
        Assert.Equal(4, body.Take("abcd"u8));
        Assert.False(body.Done);
    }

    [Fact]
    public void Chunked_EndsAfterTrailers_NotBefore()
    {
        var body = new Http1Body();
        body.Begin(Http1Framing.Chunked, 0);
        var bytes = Encoding.ASCII.GetBytes(Chunked + "NEXT");
        Assert.Equal(Chunked.Length, body.Take(bytes));
        Assert.True(body.Done);
    }

    // However the body is cut into reads, it ends at the same byte.
    [Fact]
    public void Chunked_AnySplit_EndsAtTheSameByte() =>
        Gen.Int[1, 20].Array[1, 40].Sample(cuts =>
        {
            var bytes = Encoding.ASCII.GetBytes(Chunked + "NEXT");
            var body = new Http1Body();
            body.Begin(Http1Framing.Chunked, 0);
            var offset = 0;
            var i = 0;
            while (!body.Done && offset < bytes.Length)
            {
                var size = Math.Min(cuts[i++ % cuts.Length], bytes.Length - offset);
                var taken = body.Take(bytes.AsSpan(offset, size));
                Assert.True(taken >= 0, body.Error);
                offset += taken;
                if (taken < size)
                {
                    break;
                }
            }

            Assert.True(body.Done);
            Assert.Equal(Chunked.Length, offset);
        });

    [Theory]
    [InlineData("x\r\n")]
    [InlineData("\r\n")]
    [InlineData("5\r\nhelloX")]
    [InlineData("5;a\nb\r\n")]
    [InlineData("FFFFFFFFFFFF\r\n")]
    public void Chunked_Malformed_Refused(string text)
    {
        var body = new Http1Body();
        body.Begin(Http1Framing.Chunked, 0);
        Assert.Equal(-1, body.Take(Encoding.ASCII.GetBytes(text)));
        Assert.NotNull(body.Error);
    }
}
