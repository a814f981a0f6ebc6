using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Understudy.Core.Nlb;

namespace Understudy.Core.Tests.Nlb;

/// <summary>The ctnetlink request that names a conntrack entry by its reply tuple, and reading the
/// original destination port from the kernel's answer (byte layouts of nfnetlink_conntrack.h).</summary>
public sealed class ConntrackTupleTests
{
    private static readonly IPEndPoint Uncovered = new(IPAddress.Parse("127.0.0.100"), 8999);
    private static readonly IPEndPoint Client = new(IPAddress.Parse("127.0.0.7"), 40001);

    [Fact]
    public void Request_IsAConntrackGetByReplyTuple()
    {
        var request = ConntrackTuple.Request(Uncovered, Client, ProtocolType.Udp, sequence: 42);
        Assert.Equal((uint)request.Length, BinaryPrimitives.ReadUInt32LittleEndian(request));
        Assert.Equal(0x0101, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(4)));  // CTNETLINK, CT_GET
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(6)));       // NLM_F_REQUEST
        Assert.Equal(42u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(8)));
        Assert.Equal(2, request[16]);                                                       // AF_INET
        byte[] expected =
        [
            52, 0, 0x02, 0x80,                     // CTA_TUPLE_REPLY, nested
            20, 0, 0x01, 0x80,                     //   CTA_TUPLE_IP, nested
            8, 0, 1, 0, 127, 0, 0, 100,            //     CTA_IP_V4_SRC
            8, 0, 2, 0, 127, 0, 0, 7,              //     CTA_IP_V4_DST
            28, 0, 0x02, 0x80,                     //   CTA_TUPLE_PROTO, nested
            5, 0, 1, 0, 17, 0, 0, 0,               //     CTA_PROTO_NUM (padded)
            6, 0, 2, 0, 0x23, 0x27, 0, 0,          //     CTA_PROTO_SRC_PORT 8999
            6, 0, 3, 0, 0x9c, 0x41, 0, 0,          //     CTA_PROTO_DST_PORT 40001
        ];
        Assert.Equal(expected, request[20..]);
    }

    [Fact]
    public void Request_Ipv6_UsesTheV6Attributes()
    {
        var request = ConntrackTuple.Request(new IPEndPoint(IPAddress.Parse("fd00::100"), 8999), new IPEndPoint(IPAddress.Parse("fd00::7"), 40001), ProtocolType.Udp, 1);
        Assert.Equal(10, request[16]);  // AF_INET6
        Assert.Equal(3, request[30]);   // CTA_IP_V6_SRC
        Assert.Throws<ArgumentException>(() => ConntrackTuple.Request(Uncovered, new IPEndPoint(IPAddress.IPv6Loopback, 1), ProtocolType.Udp, 1));
    }

    [Fact]
    public void Answer_OriginalDestinationPort_IsRead()
    {
        // The kernel answers with a CT_NEW message: the original tuple first, then the reply tuple.
        var answer = Answer(original: 53, reply: Uncovered.Port);
        Assert.Equal(53, ConntrackTuple.OriginalDestinationPort(answer));
    }

    [Fact]
    public void Answer_ErrorTruncatedOrOtherMessage_GivesNothing()
    {
        var error = new byte[36];
        BinaryPrimitives.WriteUInt32LittleEndian(error, 36);
        BinaryPrimitives.WriteUInt16LittleEndian(error.AsSpan(4), 2);  // NLMSG_ERROR
        BinaryPrimitives.WriteInt32LittleEndian(error.AsSpan(16), -2); // -ENOENT
        Assert.Null(ConntrackTuple.OriginalDestinationPort(error));

        var answer = Answer(original: 53, reply: Uncovered.Port);
        Assert.Null(ConntrackTuple.OriginalDestinationPort(answer.AsSpan(0, 19)));
        Assert.Null(ConntrackTuple.OriginalDestinationPort(answer.AsSpan(0, answer.Length - 8)));
        var other = (byte[])answer.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(other.AsSpan(4), 0x0102); // CT_DELETE
        Assert.Null(ConntrackTuple.OriginalDestinationPort(other));
    }

    private static byte[] Answer(int original, int reply)
    {
        byte[] Tuple(ushort type, IPEndPoint source, IPEndPoint destination) => Attribute((ushort)(type | 0x8000),
        [
            .. Attribute(0x8001, [.. Attribute(1, source.Address.GetAddressBytes()), .. Attribute(2, destination.Address.GetAddressBytes())]),
            .. Attribute(0x8002, [.. Attribute(1, [17]), .. Attribute(2, Port(source.Port)), .. Attribute(3, Port(destination.Port))]),
        ]);
        byte[] body =
        [
            .. Tuple(1, Client, new IPEndPoint(Uncovered.Address, original)),
            .. Tuple(2, Uncovered, Client),
            .. Attribute(3, [0, 0, 0, 0x8e]), // CTA_STATUS
        ];
        var message = new byte[20 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), 0x0100);
        message[16] = 2;
        body.CopyTo(message, 20);
        return message;
    }

    private static byte[] Port(int port) => [(byte)(port >> 8), (byte)port];

    private static byte[] Attribute(ushort type, byte[] payload)
    {
        var bytes = new byte[(4 + payload.Length + 3) & ~3];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)(4 + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), type);
        payload.CopyTo(bytes, 4);
        return bytes;
    }
}
