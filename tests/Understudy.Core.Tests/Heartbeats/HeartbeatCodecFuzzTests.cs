using CsCheck;
using Understudy.Core.Heartbeats;

namespace Understudy.Core.Tests.Heartbeats;

public sealed class HeartbeatCodecFuzzTests
{
    private const string NameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";

    [Fact]
    public void TryDecode_RandomGarbage_NeverThrowsNorAccepts()
    {
        var random = new Random(4303);
        for (var i = 0; i < 10_000; i++)
        {
            var datagram = new byte[random.Next(0, 601)];
            random.NextBytes(datagram);
            // Half of them get a valid prefix so the fuzz also reaches the MAC check.
            if (i % 2 == 0 && datagram.Length >= 5)
            {
                "USHB"u8.CopyTo(datagram);
                datagram[4] = HeartbeatCodec.Version;
            }

            var result = HeartbeatCodec.TryDecode(datagram, TestKeys.Key, out var decoded);

            Assert.NotEqual(HeartbeatRejection.None, result);
            Assert.Null(decoded);
        }
    }

    [Fact]
    public void EncodeDecode_AnyValidHeartbeat_RoundTrips()
    {
        var name = Gen.Char[NameChars].Array[1, HeartbeatCodec.MaxNameLength].Select(c => new string(c));
        var heartbeat =
            from kind in Gen.Enum<HeartbeatKind>()
            from sender in name
            from incarnation in Gen.Long[0, long.MaxValue]
            from sequence in Gen.Long[1, long.MaxValue]
            from pid in Gen.Int
            select new Heartbeat(kind, sender, incarnation, sequence, pid);

        heartbeat.Sample(h =>
        {
            var buffer = new byte[HeartbeatCodec.MaxDatagramSize];
            var length = HeartbeatCodec.Encode(h, TestKeys.Key, buffer);
            var result = HeartbeatCodec.TryDecode(buffer.AsSpan(0, length), TestKeys.Key, out var decoded);
            return result == HeartbeatRejection.None && h == decoded && length == 59 + h.Sender.Length;
        });
    }

    [Fact]
    public void TryDecode_AnyValidHeartbeatUnderOtherKey_IsBadMac()
    {
        var heartbeat =
            from sequence in Gen.Long[1, long.MaxValue]
            from incarnation in Gen.Long[0, long.MaxValue]
            select TestKeys.Sample with { Sequence = sequence, Incarnation = incarnation };

        heartbeat.Sample(h =>
            HeartbeatCodec.TryDecode(TestKeys.Encode(h), TestKeys.OtherKey, out _) == HeartbeatRejection.BadMac);
    }
}
