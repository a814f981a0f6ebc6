using Understudy.Core.Heartbeats;
using Understudy.Core.Security;
using Understudy.Core.Vms;

namespace Understudy.Core.Tests.Vms;

public sealed class ServiceReportCodecTests
{
    private static readonly byte[] Key = ClusterKeys.ForVm(ClusterKeys.Derive("secret"u8, "demo").GuestAgentKey.Span, "web1");

    private static readonly ServiceReport Report = new("web1", 1700000000000, 7, [new("httpd", ServiceState.Running), new("db.main", ServiceState.Failed)]);

    [Fact]
    public void EncodeThenDecode_RoundTrips()
    {
        var buffer = new byte[ServiceReportCodec.MaxEncodedSize];
        var length = ServiceReportCodec.Encode(Report, Key, buffer);

        Assert.Equal(HeartbeatRejection.None, ServiceReportCodec.TryDecode(buffer.AsSpan(0, length), Key, out var decoded));
        Assert.Equal(Report, decoded);
        Assert.Equal(6 + 4 + 16 + 1 + (2 + 5) + (2 + 7) + 32, length);
    }

    [Fact]
    public void Decode_AnyFlippedBit_Rejected()
    {
        var buffer = new byte[ServiceReportCodec.MaxEncodedSize];
        var length = ServiceReportCodec.Encode(Report, Key, buffer);
        for (var bit = 0; bit < length * 8; bit++)
        {
            var copy = buffer.AsSpan(0, length).ToArray();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(HeartbeatRejection.None, ServiceReportCodec.TryDecode(copy, Key, out _));
        }
    }

    [Fact]
    public void Decode_OtherVmsKey_BadMac()
    {
        var other = ClusterKeys.ForVm(ClusterKeys.Derive("secret"u8, "demo").GuestAgentKey.Span, "web2");
        var buffer = new byte[ServiceReportCodec.MaxEncodedSize];
        var length = ServiceReportCodec.Encode(Report, Key, buffer);

        Assert.Equal(HeartbeatRejection.BadMac, ServiceReportCodec.TryDecode(buffer.AsSpan(0, length), other, out _));
    }

    [Fact]
    public void HeartbeatCodec_ServiceReport_BadMagic()
    {
        var buffer = new byte[ServiceReportCodec.MaxEncodedSize];
        var length = ServiceReportCodec.Encode(Report, Key, buffer);

        Assert.Equal(HeartbeatRejection.BadMagic, HeartbeatCodec.TryDecode(buffer.AsSpan(0, length), Key, out _));
    }

    [Fact]
    public void ForVm_DiffersPerVmAndFromNodeKey()
    {
        var keys = ClusterKeys.Derive("secret"u8, "demo");
        var web1 = ClusterKeys.ForVm(keys.GuestAgentKey.Span, "web1");

        Assert.NotEqual(web1, ClusterKeys.ForVm(keys.GuestAgentKey.Span, "web2"));
        Assert.NotEqual(keys.HeartbeatKey.ToArray(), web1);
        Assert.NotEqual(keys.HeartbeatKey.ToArray(), keys.GuestAgentKey.ToArray());
    }
}
