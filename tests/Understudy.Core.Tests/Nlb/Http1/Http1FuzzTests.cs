using System.Text;
using CsCheck;
using Understudy.Core.Nlb.Http1;

namespace Understudy.Core.Tests.Nlb.Http1;

/// <summary>
/// Generated requests, valid ones mutated byte by byte (flipped, inserted, deleted, duplicated,
/// cut), through the head parser and the body follower: no exception escapes, a refusal always
/// has a reason, and an accepted head has a sane framing (issue 13, fuzzing).
/// </summary>
public sealed class Http1FuzzTests
{
    private static readonly Gen<string> Method = Gen.OneOf("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "G\u00e9T", "");

    private static readonly Gen<string> Field = Gen.OneOf(
        Gen.OneOf("Host: a", "Content-Length: 5", "Content-Length:", "Content-Length: 5, 5", "Content-Length: 99999999999999999999",
            "Transfer-Encoding: chunked", "Transfer-Encoding: gzip, chunked", "Transfer-Encoding:", "Connection: close, upgrade", "Upgrade: websocket",
            " folded", "X-A : b", "X:\u0001", "Connection: keep-alive"),
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 8], Gen.String[0, 20], (n, v) => $"{n}: {v}"));

    private static readonly Gen<byte[]> Request = Gen.Select(
        Method,
        Gen.OneOf("/", "/x?y=1", "*", "http://a/b", "/ a"),
        Gen.OneOf("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1 "),
        Field.Array[0, 12],
        Gen.String[0, 40],
        (m, t, v, f, body) => Encoding.Latin1.GetBytes($"{m} {t} {v}\r\n{string.Join("\r\n", f)}\r\n\r\n{body}"));

    // Two mutations of a generated request, each a flip, insertion, deletion, duplication or cut.
    private static readonly Gen<byte[]> Mutated = Gen.Select(
        Request, Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Byte,
        (bytes, k1, at1, v1, k2, at2, v2) => Mutate(Mutate(bytes, k1, at1, v1), k2, at2, v2));

    private static readonly Gen<byte[]> Chunks = Gen.Select(Gen.Int[0, 300].Array[0, 6], Gen.OneOf("", "A: 1\r\n", "A: 1\n", "\n"), Gen.OneOf(";x=y", " ", "", ";\n"), (sizes, trailer, extension) =>
    {
        var text = new StringBuilder();
        foreach (var size in sizes.Where(s => s > 0))
        {
            text.Append(size.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append(extension).Append("\r\n").Append('d', size).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append("0\r\n").Append(trailer).Append("\r\n").ToString());
    });

    private static byte[] Mutate(byte[] bytes, int kind, int at, byte value)
    {
        if (bytes.Length == 0)
        {
            return [value];
        }

        var i = at % bytes.Length;
        var list = bytes.ToList();
        switch (kind)
        {
            case 0:
                list[i] = value;
                break;
            case 1:
                list.Insert(i, value);
                break;
            case 2:
                list.RemoveAt(i);
                break;
            case 3:
                list.InsertRange(i, bytes[i..Math.Min(bytes.Length, i + 16)]);
                break;
            default:
                list.RemoveRange(i, list.Count - i);
                break;
        }

        return [.. list];
    }

    private static void Parse(byte[] bytes)
    {
        var end = Http1Heads.FindEnd(bytes);
        var head = end < 0 ? bytes : bytes.AsSpan(0, end).ToArray();
        var request = Http1Heads.ParseRequest(head, out var error);
        if (request is not { } parsed)
        {
            Assert.False(string.IsNullOrEmpty(error));
            return;
        }

        Assert.Null(error);
        Assert.Equal(head.Length, parsed.HeadLength);
        Assert.True(parsed.ContentLength >= 0);
        Assert.True(parsed.Framing != Http1Framing.UntilClose, "a request never reads until close");
        var response = Http1Heads.ParseResponse(head, parsed, out _);
        Assert.True(response is null || response.Value.HeadLength == head.Length);

        var body = new Http1Body();
        body.Begin(parsed.Framing, parsed.ContentLength);
        var taken = body.Take(bytes.AsSpan(end < 0 ? bytes.Length : end));
        Assert.True(taken >= 0 || body.Error is not null);
    }

    [Fact]
    public void ParseRequest_GeneratedRequests_NoExceptionEscapes() => Request.Sample(Parse, iter: 5_000);

    [Fact]
    public void ParseRequest_MutatedRequests_NoExceptionEscapes() => Mutated.Sample(Parse, iter: 20_000);

    [Fact]
    public void ParseResponse_MutatedBytes_NoExceptionEscapes() =>
        Mutated.Sample(bytes =>
        {
            var request = new Http1Request(0, Http1Framing.None, 0, true, false, false, false, true);
            var response = Http1Heads.ParseResponse(bytes, request, out var error);
            Assert.True(response is not null || !string.IsNullOrEmpty(error));
        }, iter: 20_000);

    [Fact]
    public void Body_MutatedChunkedBodies_RefusedWithReasonOrEndedNeverThrown() =>
        Gen.Select(Chunks, Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Int[1, 64], (bytes, kind, at, value, cut) => (Bytes: Mutate(bytes, kind, at, value), Cut: cut))
            .Sample(c =>
            {
                var body = new Http1Body();
                body.Begin(Http1Framing.Chunked, 0);
                for (var offset = 0; offset < c.Bytes.Length && !body.Done;)
                {
                    var size = Math.Min(c.Cut, c.Bytes.Length - offset);
                    var taken = body.Take(c.Bytes.AsSpan(offset, size));
                    if (taken < 0)
                    {
                        Assert.NotNull(body.Error);
                        return;
                    }

                    offset += taken;
                }
            }, iter: 20_000);
}
