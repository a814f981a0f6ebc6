using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Understudy.Core.Nlb.Http1;

/// <summary>
/// Parses HTTP/1.0 and 1.1 message heads strictly enough to forward them safely (RFC 9112): the
/// start line, header field syntax, and the fields that decide where a message ends and whether
/// the connection stays open. Anything ambiguous about a message's length — Transfer-Encoding
/// with Content-Length, differing Content-Lengths, a coding other than chunked last in a request,
/// folded lines, whitespace before a colon — is refused, as request smuggling rides on exactly
/// those.
/// </summary>
public static class Http1Heads
{
    /// <summary>Largest request head accepted, through its blank line: 32 KiB, Kestrel's default,
    /// whether the head arrives in one read or several.</summary>
    public const int MaxRequestHead = 32 * 1024;

    /// <summary>Largest response head accepted: 64 KiB (members may send large cookies).</summary>
    public const int MaxResponseHead = 64 * 1024;

    /// <summary>Most header fields in one head: 100, Kestrel's <c>MaxRequestHeaderCount</c>.
    /// Each field costs a parse and a comparison; the cap bounds a head's cost however it is laid out.</summary>
    public const int MaxFields = 100;

    // A field value is visible characters, spaces, tabs and obs-text (RFC 9110 §5.5); any other
    // control character (CR, LF and NUL included) is refused, as a member may read it otherwise.
    private static readonly SearchValues<byte> ControlChars =
        SearchValues.Create([.. Enumerable.Range(0, 32).Where(c => c != '\t').Select(c => (byte)c), 0x7f]);

    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>The length of the head at the start of <paramref name="data"/> (through CRLF CRLF), or -1 if incomplete.</summary>
    public static int FindEnd(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        return end < 0 ? -1 : end + 4;
    }

    /// <summary>Parses a complete request head; null and a reason if it is malformed.</summary>
    public static Http1Request? ParseRequest(ReadOnlySpan<byte> head, out string? error)
    {
        if (head.Length > MaxRequestHead)
        {
            error = "request head too large";
            return null;
        }

        var lineEnd = head.IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            error = "malformed request line";
            return null;
        }

        var line = head[..lineEnd];
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        {
            error = "malformed request line";
            return null;
        }

        var method = line[..firstSpace];
        var target = line[(firstSpace + 1)..lastSpace];
        if (method.IndexOfAnyExcept(TokenChars) >= 0 || target.IndexOfAnyInRange((byte)0, (byte)' ') >= 0 || target.Contains((byte)0x7f))
        {
            error = "malformed request line";
            return null;
        }

        if (Version(line[(lastSpace + 1)..]) is not { } minor)
        {
            error = "unsupported HTTP version";
            return null;
        }

        if (!ReadFields(head[(lineEnd + 2)..], out var fields, out error))
        {
            return null;
        }

        Http1Framing framing;
        long length = 0;
        if (fields.TransferEncoding)
        {
            if (fields.ContentLength >= 0 || minor == 0 || !fields.ChunkedLast)
            {
                error = minor == 0 ? "Transfer-Encoding in HTTP/1.0" : fields.ContentLength >= 0 ? "both Transfer-Encoding and Content-Length" : "request coding does not end with chunked";
                return null;
            }

            framing = Http1Framing.Chunked;
        }
        else if (fields.ContentLength > 0)
        {
            framing = Http1Framing.Length;
            length = fields.ContentLength;
        }
        else
        {
            framing = Http1Framing.None;
        }

        var keepAlive = minor == 1 ? !fields.Close : fields.KeepAlive && !fields.Close;
        error = null;
        return new Http1Request(head.Length, framing, length, keepAlive, method.SequenceEqual("HEAD"u8), method.SequenceEqual("CONNECT"u8), fields.Upgrade && fields.UpgradeOption, IsIdempotent(method));
    }

    /// <summary>Parses a complete response head to <paramref name="request"/>; null and a reason if it is malformed.</summary>
    public static Http1Response? ParseResponse(ReadOnlySpan<byte> head, in Http1Request request, out string? error)
    {
        if (head.Length > MaxResponseHead)
        {
            error = "response head too large";
            return null;
        }

        var lineEnd = head.IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            error = "malformed status line";
            return null;
        }

        var line = head[..lineEnd];
        if (line.Length < 12 || line[8] != (byte)' ' || Version(line[..8]) is not { } minor
            || !Utf8Parser.TryParse(line.Slice(9, 3), out int status, out var used) || used != 3 || status < 100
            || (line.Length > 12 && line[12] != (byte)' '))
        {
            error = "malformed status line";
            return null;
        }

        if (!ReadFields(head[(lineEnd + 2)..], out var fields, out error))
        {
            return null;
        }

        if (fields.TransferEncoding && fields.ContentLength >= 0)
        {
            error = "both Transfer-Encoding and Content-Length";
            return null;
        }

        var keepAlive = minor == 1 ? !fields.Close : fields.KeepAlive && !fields.Close;
        var (framing, length) = (request.IsHead || status is < 200 or 204 or 304 || (request.IsConnect && status is >= 200 and < 300)) switch
        {
            true => (Http1Framing.None, 0L),
            false when fields.TransferEncoding => (fields.ChunkedLast ? Http1Framing.Chunked : Http1Framing.UntilClose, 0L),
            false when fields.ContentLength >= 0 => (fields.ContentLength == 0 ? Http1Framing.None : Http1Framing.Length, fields.ContentLength),
            _ => (Http1Framing.UntilClose, 0L),
        };

        return new Http1Response(head.Length, status, framing, length, keepAlive && framing != Http1Framing.UntilClose);
    }

    private static bool IsIdempotent(ReadOnlySpan<byte> method) =>
        method.SequenceEqual("GET"u8) || method.SequenceEqual("HEAD"u8) || method.SequenceEqual("OPTIONS"u8)
        || method.SequenceEqual("TRACE"u8) || method.SequenceEqual("PUT"u8) || method.SequenceEqual("DELETE"u8);

    private static int? Version(ReadOnlySpan<byte> version) =>
        version.SequenceEqual("HTTP/1.1"u8) ? 1 : version.SequenceEqual("HTTP/1.0"u8) ? 0 : null;

    private static bool ReadFields(ReadOnlySpan<byte> rest, out Fields fields, out string? error)
    {
        fields = new Fields { ContentLength = -1 };
        for (var count = 0; ; count++)
        {
            var end = rest.IndexOf("\r\n"u8);
            if (end < 0)
            {
                error = "head does not end with a blank line";
                return false;
            }

            if (end == 0)
            {
                error = null;
                return true;
            }

            if (count == MaxFields)
            {
                error = $"more than {MaxFields} header fields";
                return false;
            }

            var line = rest[..end];
            rest = rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].IndexOfAnyExcept(TokenChars) >= 0)
            {
                error = line.Length > 0 && line[0] is (byte)' ' or (byte)'\t' ? "folded header line" : "malformed header line";
                return false;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (value.IndexOfAny(ControlChars) >= 0)
            {
                error = "control character in a header value";
                return false;
            }

            if (!fields.Take(name, value, out error))
            {
                return false;
            }
        }
    }

    /// <summary>The framing and connection fields seen so far.</summary>
    private struct Fields
    {
        public long ContentLength;
        public bool TransferEncoding;
        public bool ChunkedLast;
        public bool Close;
        public bool KeepAlive;
        public bool Upgrade;
        public bool UpgradeOption;

        public bool Take(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, out string? error)
        {
            error = null;
            if (name.Length == 14 && Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                // An empty value (or only commas) says nothing a member agrees on: refused.
                if (!new CommaList(value).MoveNext())
                {
                    error = "empty Content-Length";
                    return false;
                }

                foreach (var part in new CommaList(value))
                {
                    if (!Utf8Parser.TryParse(part, out long length, out var used) || used != part.Length || length < 0
                        || part.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0
                        || (ContentLength >= 0 && ContentLength != length))
                    {
                        error = "invalid Content-Length";
                        return false;
                    }

                    ContentLength = length;
                }
            }
            else if (name.Length == 17 && Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                if (!new CommaList(value).MoveNext())
                {
                    error = "empty Transfer-Encoding";
                    return false;
                }

                foreach (var coding in new CommaList(value))
                {
                    TransferEncoding = true;
                    ChunkedLast = Ascii.EqualsIgnoreCase(coding, "chunked"u8);
                }
            }
            else if (name.Length == 10 && Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                foreach (var option in new CommaList(value))
                {
                    Close |= Ascii.EqualsIgnoreCase(option, "close"u8);
                    KeepAlive |= Ascii.EqualsIgnoreCase(option, "keep-alive"u8);
                    UpgradeOption |= Ascii.EqualsIgnoreCase(option, "upgrade"u8);
                }
            }
            else if (name.Length == 7 && Ascii.EqualsIgnoreCase(name, "Upgrade"u8))
            {
                Upgrade = !value.IsEmpty;
            }

            return true;
        }
    }
}
