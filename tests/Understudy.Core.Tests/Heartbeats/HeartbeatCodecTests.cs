using System.Buffers.Binary;
using System.Security.Cryptography;
using Understudy.Core.Heartbeats;

namespace Understudy.Core.Tests.Heartbeats;

public sealed class HeartbeatCodecTests
{
    [Fact]
    public void Encode_ThenDecode_RoundTrips()
    {
        var datagram = TestKeys.Encode(TestKeys.Sample);

        var result = HeartbeatCodec.TryDecode(datagram, TestKeys.Key, out var decoded);

        Assert.Equal(HeartbeatRejection.None, result);
        Assert.Equal(TestKeys.Sample, decoded);
        Assert.Equal(59 + TestKeys.Sample.Sender.Length, datagram.Length);
    }

    [Fact]
    public void Encode_WritesDocumentedLayout()
    {
        var heartbeat = new Heartbeat(HeartbeatKind.GuestAgent, "vm7", 0x0102030405060708, 9, 0x0A0B0C0D);
        var datagram = TestKeys.Encode(heartbeat);

        Assert.Equal("USHB"u8.ToArray(), datagram[..4]);
        Assert.Equal([1, 2, 3], datagram[4..7]);
        Assert.Equal("vm7"u8.ToArray(), datagram[7..10]);
        Assert.Equal(0x0102030405060708, BinaryPrimitives.ReadInt64BigEndian(datagram.AsSpan(10)));
        Assert.Equal(9, BinaryPrimitives.ReadInt64BigEndian(datagram.AsSpan(18)));
        Assert.Equal(0x0A0B0C0D, BinaryPrimitives.ReadInt32BigEndian(datagram.AsSpan(26)));
        Assert.Equal(HMACSHA256.HashData(TestKeys.Key, datagram[..30]), datagram[30..]);
    }

    [Fact]
    public void TryDecode_WrongKey_IsBadMac()
    {
        var datagram = TestKeys.Encode(TestKeys.Sample);

        Assert.Equal(HeartbeatRejection.BadMac, HeartbeatCodec.TryDecode(datagram, TestKeys.OtherKey, out var decoded));
        Assert.Null(decoded);
    }

    [Fact]
    public void TryDecode_Oversized_IsOversized() =>
        Assert.Equal(HeartbeatRejection.Oversized, HeartbeatCodec.TryDecode(new byte[513], TestKeys.Key, out _));

    [Fact]
    public void TryDecode_EveryTruncation_IsRejected()
    {
        var datagram = TestKeys.Encode(TestKeys.Sample);
        for (var length = 0; length < datagram.Length; length++)
        {
            var result = HeartbeatCodec.TryDecode(datagram.AsSpan(0, length), TestKeys.Key, out var decoded);

            // Below the fixed size nothing is read; above it the MAC is no longer the last 32 bytes.
            var expected = length < 59 ? HeartbeatRejection.Truncated : HeartbeatRejection.BadMac;
            Assert.Equal(expected, result);
            Assert.Null(decoded);
        }
    }

    [Fact]
    public void TryDecode_EverySingleByteFlip_IsRejected()
    {
        var valid = TestKeys.Encode(TestKeys.Sample);
        for (var i = 0; i < valid.Length; i++)
        {
            foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                var datagram = (byte[])valid.Clone();
                datagram[i] ^= mask;

                var result = HeartbeatCodec.TryDecode(datagram, TestKeys.Key, out var decoded);

                var expected = i switch
                {
                    < 4 => HeartbeatRejection.BadMagic,
                    4 => HeartbeatRejection.UnsupportedVersion,
                    _ => HeartbeatRejection.BadMac,
                };
                Assert.Equal(expected, result);
                Assert.Null(decoded);
            }
        }
    }

    [Fact]
    public void TryDecode_BadMagic_IsBadMagic()
    {
        var datagram = TestKeys.Encode(TestKeys.Sample);
        "XSHB"u8.CopyTo(datagram);

        Assert.Equal(HeartbeatRejection.BadMagic, HeartbeatCodec.TryDecode(datagram, TestKeys.Key, out _));
    }

    [Fact]
    public void TryDecode_OtherVersion_IsUnsupportedVersionEvenWithValidMac()
    {
        var datagram = Resign(TestKeys.Encode(TestKeys.Sample), d => d[4] = 2);

        Assert.Equal(HeartbeatRejection.UnsupportedVersion, HeartbeatCodec.TryDecode(datagram, TestKeys.Key, out _));
    }

    [Theory]
    [InlineData(5, 0)]      // kind 0
    [InlineData(5, 3)]      // unknown kind
    [InlineData(6, 0)]      // name length 0
    [InlineData(6, 7)]      // name length shorter than the datagram says
    [InlineData(6, 9)]      // name length longer than the datagram says
    [InlineData(6, 64)]     // name length over 63
    [InlineData(7, (byte)' ')]  // space in the name
    [InlineData(8, (byte)'.')]  // dot in the name
    [InlineData(9, 0xC3)]   // non-ASCII byte in the name
    public void TryDecode_AuthenticButInvalidField_IsMalformed(int offset, byte value)
    {
        var datagram = Resign(TestKeys.Encode(TestKeys.Sample), d => d[offset] = value);

        Assert.Equal(HeartbeatRejection.Malformed, HeartbeatCodec.TryDecode(datagram, TestKeys.Key, out var decoded));
        Assert.Null(decoded);
    }

    [Fact]
    public void TryDecode_AuthenticSequenceZero_IsMalformed()
    {
        var nameEnd = 7 + TestKeys.Sample.Sender.Length;
        var datagram = Resign(TestKeys.Encode(TestKeys.Sample), d => BinaryPrimitives.WriteInt64BigEndian(d.AsSpan(nameEnd + 8), 0));

        Assert.Equal(HeartbeatRejection.Malformed, HeartbeatCodec.TryDecode(datagram, TestKeys.Key, out _));
    }

    [Fact]
    public void TryDecode_AuthenticNegativeIncarnation_IsMalformed()
    {
        var nameEnd = 7 + TestKeys.Sample.Sender.Length;
        var datagram = Resign(TestKeys.Encode(TestKeys.Sample), d => BinaryPrimitives.WriteInt64BigEndian(d.AsSpan(nameEnd), -1));

        Assert.Equal(HeartbeatRejection.Malformed, HeartbeatCodec.TryDecode(datagram, TestKeys.Key, out _));
    }

    [Fact]
    public void TryDecode_AuthenticButPadded_IsMalformed()
    {
        // Valid MAC over a body with a stray byte: the length no longer matches the name length.
        var valid = TestKeys.Encode(TestKeys.Sample);
        var body = valid[..^HeartbeatCodec.MacSize].Append((byte)0).ToArray();
        var datagram = body.Concat(HMACSHA256.HashData(TestKeys.Key, body)).ToArray();

        Assert.Equal(HeartbeatRejection.Malformed, HeartbeatCodec.TryDecode(datagram, TestKeys.Key, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("dotted.name")]
    [InlineData("naïve")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")] // 64
    public void Encode_InvalidName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => TestKeys.Encode(TestKeys.Sample with { Sender = name }));

    [Fact]
    public void Encode_InvalidFields_Throw()
    {
        Assert.Throws<ArgumentException>(() => TestKeys.Encode(TestKeys.Sample with { Sequence = 0 }));
        Assert.Throws<ArgumentException>(() => TestKeys.Encode(TestKeys.Sample with { Incarnation = -1 }));
        Assert.Throws<ArgumentException>(() => TestKeys.Encode(TestKeys.Sample with { Kind = (HeartbeatKind)7 }));
        Assert.Throws<ArgumentException>(() => HeartbeatCodec.Encode(TestKeys.Sample, TestKeys.Key, new byte[60]));
    }

    [Fact]
    public void Encode_LongestName_Fits()
    {
        var heartbeat = TestKeys.Sample with { Sender = new string('n', 63) };
        var datagram = TestKeys.Encode(heartbeat);

        Assert.Equal(HeartbeatCodec.MaxEncodedSize, datagram.Length);
        Assert.Equal(HeartbeatRejection.None, HeartbeatCodec.TryDecode(datagram, TestKeys.Key, out var decoded));
        Assert.Equal(heartbeat, decoded);
    }

    /// <summary>Applies <paramref name="change"/> to the body and recomputes the MAC, as a peer with
    /// the key (a buggy one) would send it.</summary>
    private static byte[] Resign(byte[] datagram, Action<byte[]> change)
    {
        var body = datagram[..^HeartbeatCodec.MacSize];
        change(body);
        return [.. body, .. HMACSHA256.HashData(TestKeys.Key, body)];
    }
}
