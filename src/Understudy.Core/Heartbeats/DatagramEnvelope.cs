using System.Security.Cryptography;

namespace Understudy.Core.Heartbeats;

/// <summary>
/// The checks every authenticated datagram of the project passes before its fields are read, in
/// this order: size, magic, version, then the HMAC-SHA256 over everything before the last 32
/// bytes (docs/protocol.md). Shared by node heartbeats and guest service reports.
/// </summary>
public static class DatagramEnvelope
{
    /// <summary>Size of the trailing HMAC-SHA256.</summary>
    public const int MacSize = 32;

    /// <summary><see cref="HeartbeatRejection.None"/> when the datagram is authentic and its
    /// fields may be parsed; otherwise why it is dropped. Never throws.</summary>
    public static HeartbeatRejection Check(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> key, ReadOnlySpan<byte> magic, byte version, int minimumSize)
    {
        if (datagram.Length > HeartbeatCodec.MaxDatagramSize)
        {
            return HeartbeatRejection.Oversized;
        }

        if (datagram.Length < minimumSize)
        {
            return HeartbeatRejection.Truncated;
        }

        if (!datagram[..magic.Length].SequenceEqual(magic))
        {
            return HeartbeatRejection.BadMagic;
        }

        if (datagram[magic.Length] != version)
        {
            return HeartbeatRejection.UnsupportedVersion;
        }

        Span<byte> expected = stackalloc byte[MacSize];
        HMACSHA256.HashData(key, datagram[..^MacSize], expected);
        return CryptographicOperations.FixedTimeEquals(expected, datagram[^MacSize..])
            ? HeartbeatRejection.None
            : HeartbeatRejection.BadMac;
    }
}
