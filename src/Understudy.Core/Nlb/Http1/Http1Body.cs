namespace Understudy.Core.Nlb.Http1;

/// <summary>
/// Follows one message body through the bytes that carry it, however they are split, to find
/// where it ends: a count for Content-Length, the chunk grammar (sizes, extensions, data, the last
/// chunk and trailers) for chunked coding, never for a body that ends when the sender closes. It
/// only counts: the bytes themselves are forwarded unchanged.
/// </summary>
public sealed class Http1Body
{
    // Larger chunks than 2^40 bytes are refused rather than overflowing the count.
    private const long MaxChunk = 1L << 40;

    private Http1Framing _framing;
    private long _remaining;
    private State _state;
    private int _digits;

    private enum State { Size, Extension, SizeLf, Data, DataCr, DataLf, TrailerStart, TrailerLine, TrailerLf, FinalLf }

    /// <summary>Whether the current body has ended.</summary>
    public bool Done { get; private set; } = true;

    /// <summary>Why the body is malformed, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Starts following a body of <paramref name="framing"/> (<paramref name="length"/> bytes for a Content-Length body).</summary>
    public void Begin(Http1Framing framing, long length)
    {
        _framing = framing;
        _remaining = length;
        _state = State.Size;
        _digits = 0;
        Error = null;
        Done = framing == Http1Framing.None || (framing == Http1Framing.Length && length == 0);
    }

    /// <summary>How many bytes at the start of <paramref name="data"/> belong to the body (all of
    /// them unless it ends inside); after it ends, <see cref="Done"/> is true. Returns -1 with
    /// <see cref="Error"/> set when chunked coding is malformed.</summary>
    public int Take(ReadOnlySpan<byte> data)
    {
        if (Done)
        {
            return 0;
        }

        switch (_framing)
        {
            case Http1Framing.UntilClose:
                return data.Length;
            case Http1Framing.Length:
                var take = (int)Math.Min(_remaining, data.Length);
                _remaining -= take;
                Done = _remaining == 0;
                return take;
            default:
                return TakeChunked(data);
        }
    }

    private int TakeChunked(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && !Done)
        {
            if (_state == State.Data)
            {
                var take = (int)Math.Min(_remaining, data.Length - i);
                i += take;
                _remaining -= take;
                if (_remaining == 0)
                {
                    _state = State.DataCr;
                }

                continue;
            }

            if (!Step(data[i++]))
            {
                return -1;
            }
        }

        return i;
    }

    private bool Step(byte b)
    {
        switch (_state)
        {
            case State.Size when HexValue(b) is var v and >= 0:
                _remaining = (_remaining * 16) + v;
                _digits++;
                return _remaining < MaxChunk || Fail("chunk too large");
            case State.Size when _digits > 0 && b is (byte)';' or (byte)' ' or (byte)'\t':
                _state = State.Extension;
                return true;
            case State.Size when _digits > 0 && b == (byte)'\r':
                _state = State.SizeLf;
                return true;
            case State.Size:
                return Fail("malformed chunk size");
            case State.Extension:
                if (b == (byte)'\r')
                {
                    _state = State.SizeLf;
                }

                return b != (byte)'\n' || Fail("bare LF in chunk extension");
            case State.SizeLf when b == (byte)'\n':
                _state = _remaining == 0 ? State.TrailerStart : State.Data;
                return true;
            case State.DataCr when b == (byte)'\r':
                _state = State.DataLf;
                return true;
            case State.DataLf when b == (byte)'\n':
                _state = State.Size;
                _digits = 0;
                return true;
            // A trailer line ends with CRLF like every line of the head; a bare LF would end it
            // for a member that accepts one and not for us, so the two would disagree on where
            // the body ends (request smuggling).
            case State.TrailerStart when b == (byte)'\n':
                return Fail("bare LF in trailer section");
            case State.TrailerStart:
                _state = b == (byte)'\r' ? State.FinalLf : State.TrailerLine;
                return true;
            case State.TrailerLine:
                if (b == (byte)'\r')
                {
                    _state = State.TrailerLf;
                }

                return b != (byte)'\n' || Fail("bare LF in trailer section");
            case State.TrailerLf when b == (byte)'\n':
                _state = State.TrailerStart;
                return true;
            case State.FinalLf when b == (byte)'\n':
                Done = true;
                return true;
            default:
                return Fail("malformed chunked body");
        }
    }

    private bool Fail(string error)
    {
        Error = error;
        return false;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
