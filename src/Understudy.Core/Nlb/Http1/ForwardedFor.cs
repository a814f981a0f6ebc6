using System.Buffers;
using System.Text;

namespace Understudy.Core.Nlb.Http1;

/// <summary>
/// Rewrites a request head for the member: every field as the client sent it, except that the
/// client's address is appended to X-Forwarded-For (one field, earlier values first), as YARP's
/// and HAProxy's <c>option forwardfor</c> do.
/// </summary>
public static class ForwardedFor
{
    private static readonly byte[] Name = "X-Forwarded-For"u8.ToArray();

    /// <summary>Writes <paramref name="head"/> (a complete, valid request head) with <paramref name="client"/>
    /// (the client's address, ASCII) appended to X-Forwarded-For.</summary>
    public static void Rewrite(ReadOnlySpan<byte> head, ReadOnlySpan<byte> client, IBufferWriter<byte> output)
    {
        var lineEnd = head.IndexOf("\r\n"u8) + 2;
        output.Write(head[..lineEnd]);
        var rest = head[lineEnd..^2];
        var prior = 0;
        Span<Range> priors = stackalloc Range[8];
        var offset = lineEnd;
        var copiedTo = lineEnd;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8) + 2;
            var line = rest[..end];
            if (line.Length > Name.Length && line[Name.Length] == (byte)':' && Ascii.EqualsIgnoreCase(line[..Name.Length], Name))
            {
                output.Write(head[copiedTo..offset]);
                copiedTo = offset + end;
                if (prior == priors.Length)
                {
                    var larger = new Range[priors.Length * 2];
                    priors.CopyTo(larger);
                    priors = larger;
                }

                var value = line[(Name.Length + 1)..^2].Trim(" \t"u8);
                var start = offset + Name.Length + 1 + line[(Name.Length + 1)..].IndexOfAnyExcept(" \t"u8);
                priors[prior++] = new Range(start, start + value.Length);
            }

            offset += end;
            rest = rest[end..];
        }

        output.Write(head[copiedTo..^2]);
        output.Write(Name);
        output.Write(": "u8);
        for (var i = 0; i < prior; i++)
        {
            if (!head[priors[i]].IsEmpty)
            {
                output.Write(head[priors[i]]);
                output.Write(", "u8);
            }
        }

        output.Write(client);
        output.Write("\r\n\r\n"u8);
    }
}
