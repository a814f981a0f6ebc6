// Wire format of a heartbeat datagram, version 1 (also in docs/protocol.md). Integers big-endian.
//
//   offset    size  field
//   0         4     magic "USHB"
//   4         1     version = 1
//   5         1     kind (1 = node, 2 = guest agent)
//   6         1     name length N, 1..63
//   7         N     sender name, [A-Za-z0-9_-]
//   7+N       8     incarnation, int64 >= 0
//   15+N      8     sequence, int64 >= 1
//   23+N      4     process id, int32
//   27+N      32    HMAC-SHA256(heartbeat key, bytes 0 .. 27+N-1)
//
// Total 59 + N bytes (60..122). The MAC is verified right after the cheap magic and version
// checks and before any field is parsed, so unauthenticated bytes never reach the parser.
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Understudy.Core.Heartbeats;

/// <summary>Encodes and authenticates heartbeat datagrams (see the format at the top of this file).</summary>
public static class HeartbeatCodec
{
    /// <summary>Datagrams longer than this are rejected unread.</summary>
    public const int MaxDatagramSize = 512;

    /// <summary>Size of the trailing HMAC-SHA256.</summary>
    public const int MacSize = 32;

    /// <summary>Longest sender name in UTF-8 bytes; one length byte, and DNS labels stop at 63 too.</summary>
    public const int MaxNameLength = 63;

    /// <summary>The protocol version this codec writes and reads.</summary>
    public const byte Version = 1;

    private const int NameOffset = 7;

    /// <summary>Every byte but the name: magic, version, kind, length, incarnation, sequence, pid, MAC.</summary>
    private const int FixedSize = NameOffset + 8 + 8 + 4 + MacSize;

    /// <summary>Size of the longest valid datagram.</summary>
    public const int MaxEncodedSize = FixedSize + MaxNameLength;

    private static ReadOnlySpan<byte> Magic => "USHB"u8;

    /// <summary>Writes <paramref name="heartbeat"/>, authenticated with <paramref name="key"/>, to
    /// <paramref name="destination"/> and returns the number of bytes written.</summary>
    /// <exception cref="ArgumentException">The heartbeat has an invalid field (a caller bug, not
    /// input), or <paramref name="destination"/> is too small.</exception>
    public static int Encode(Heartbeat heartbeat, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        if (Validate(heartbeat) is { } problem)
        {
            throw new ArgumentException($"Invalid heartbeat: {problem}.", nameof(heartbeat));
        }

        // Valid names are ASCII, so characters and UTF-8 bytes are one to one.
        var nameLength = heartbeat.Sender.Length;
        var total = FixedSize + nameLength;
        if (destination.Length < total)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; the heartbeat needs {total}.", nameof(destination));
        }

        Magic.CopyTo(destination);
        destination[4] = Version;
        destination[5] = (byte)heartbeat.Kind;
        destination[6] = (byte)nameLength;
        Encoding.ASCII.GetBytes(heartbeat.Sender, destination.Slice(NameOffset, nameLength));
        var fields = destination[(NameOffset + nameLength)..];
        BinaryPrimitives.WriteInt64BigEndian(fields, heartbeat.Incarnation);
        BinaryPrimitives.WriteInt64BigEndian(fields[8..], heartbeat.Sequence);
        BinaryPrimitives.WriteInt32BigEndian(fields[16..], heartbeat.ProcessId);
        var macOffset = total - MacSize;
        HMACSHA256.HashData(key, destination[..macOffset], destination.Slice(macOffset, MacSize));
        return total;
    }

    /// <summary>Checks, authenticates and parses one datagram. On <see cref="HeartbeatRejection.None"/>
    /// <paramref name="heartbeat"/> is set; otherwise it is null and the result says why. Never throws
    /// for any input.</summary>
    public static HeartbeatRejection TryDecode(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> key, out Heartbeat? heartbeat)
    {
        heartbeat = null;
        var envelope = DatagramEnvelope.Check(datagram, key, Magic, Version, FixedSize);
        if (envelope != HeartbeatRejection.None)
        {
            return envelope;
        }

        // Authentic from here on: anything wrong now is a bug in a peer, not an attack.
        int nameLength = datagram[6];
        if (nameLength is < 1 or > MaxNameLength || datagram.Length != FixedSize + nameLength)
        {
            return HeartbeatRejection.Malformed;
        }

        var name = datagram.Slice(NameOffset, nameLength);
        var kind = (HeartbeatKind)datagram[5];
        if (!IsValidName(name) || kind is not (HeartbeatKind.Node or HeartbeatKind.GuestAgent))
        {
            return HeartbeatRejection.Malformed;
        }

        var fields = datagram[(NameOffset + nameLength)..];
        var incarnation = BinaryPrimitives.ReadInt64BigEndian(fields);
        var sequence = BinaryPrimitives.ReadInt64BigEndian(fields[8..]);
        var processId = BinaryPrimitives.ReadInt32BigEndian(fields[16..]);
        if (incarnation < 0 || sequence < 1)
        {
            return HeartbeatRejection.Malformed;
        }

        heartbeat = new Heartbeat(kind, Encoding.ASCII.GetString(name), incarnation, sequence, processId);
        return HeartbeatRejection.None;
    }

    /// <summary>The first problem that keeps <paramref name="heartbeat"/> off the wire, or null.</summary>
    internal static string? Validate(Heartbeat heartbeat)
    {
        if (heartbeat.Kind is not (HeartbeatKind.Node or HeartbeatKind.GuestAgent))
        {
            return $"unknown kind {(byte)heartbeat.Kind}";
        }

        if (!IsValidName(heartbeat.Sender))
        {
            return $"sender name must be 1..{MaxNameLength} characters of [A-Za-z0-9_-]";
        }

        if (heartbeat.Incarnation < 0)
        {
            return "incarnation must not be negative";
        }

        return heartbeat.Sequence < 1 ? "sequence must be at least 1" : null;
    }

    /// <summary>Whether <paramref name="name"/> is a valid sender name.</summary>
    internal static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsNameChar(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidName(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            if (!IsNameChar((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
