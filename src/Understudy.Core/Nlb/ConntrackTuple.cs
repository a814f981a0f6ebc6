using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Understudy.Core.Nlb;

/// <summary>
/// The ctnetlink messages that read a connection-tracking entry back: after the nftables rule of
/// <see cref="UncoveredTraffic"/> has rewritten a datagram's destination to the uncovered-traffic
/// port, the port the client sent to is only in the kernel's conntrack entry (TCP has
/// SO_ORIGINAL_DST for this; UDP has nothing). The request names the entry by its reply tuple
/// (the uncovered-traffic endpoint to the client); the answer's original tuple holds the port.
/// Pure: the node sends and receives the bytes on a NETLINK_NETFILTER socket.
/// </summary>
public static class ConntrackTuple
{
    // include/uapi/linux/netlink.h, netfilter/nfnetlink.h, netfilter/nfnetlink_conntrack.h.
    private const ushort NlmsgError = 2;
    private const ushort NlmFRequest = 1;
    private const ushort GetConntrack = (1 << 8) | 1; // NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET
    private const ushort NewConntrack = (1 << 8) | 0; // IPCTNL_MSG_CT_NEW: how an entry is answered
    private const ushort Nested = 0x8000;
    private const ushort TupleOrig = 1;
    private const ushort TupleReply = 2;
    private const ushort TupleIp = 1;
    private const ushort TupleProto = 2;
    private const ushort ProtoNum = 1;
    private const ushort ProtoSrcPort = 2;
    private const ushort ProtoDstPort = 3;
    private const int HeaderLength = 16 + 4; // nlmsghdr + nfgenmsg

    /// <summary>A request for the entry whose reply goes from <paramref name="replySource"/> to
    /// <paramref name="replyDestination"/> over <paramref name="protocol"/>.</summary>
    public static byte[] Request(IPEndPoint replySource, IPEndPoint replyDestination, ProtocolType protocol, uint sequence)
    {
        ArgumentNullException.ThrowIfNull(replySource);
        ArgumentNullException.ThrowIfNull(replyDestination);
        if (replySource.AddressFamily != replyDestination.AddressFamily)
        {
            throw new ArgumentException("both ends of a tuple have one address family", nameof(replyDestination));
        }

        var v6 = replySource.AddressFamily == AddressFamily.InterNetworkV6;
        var ip = Attribute(TupleIp | Nested,
            [.. Attribute(v6 ? (ushort)3 : (ushort)1, replySource.Address.GetAddressBytes()),
             .. Attribute(v6 ? (ushort)4 : (ushort)2, replyDestination.Address.GetAddressBytes())]);
        var proto = Attribute(TupleProto | Nested,
            [.. Attribute(ProtoNum, [(byte)protocol]),
             .. Attribute(ProtoSrcPort, Port(replySource.Port)),
             .. Attribute(ProtoDstPort, Port(replyDestination.Port))]);
        var tuple = Attribute(TupleReply | Nested, [.. ip, .. proto]);

        var bytes = new byte[HeaderLength + tuple.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)bytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), GetConntrack);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), NlmFRequest);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), sequence);
        bytes[16] = v6 ? (byte)10 : (byte)2; // nfgen_family: AF_INET6 / AF_INET; version 0, res_id 0
        tuple.CopyTo(bytes, HeaderLength);
        return bytes;
    }

    /// <summary>The destination port of the original tuple in an answer to <see cref="Request"/>,
    /// or null if the answer is an error (no such entry) or malformed.</summary>
    public static int? OriginalDestinationPort(ReadOnlySpan<byte> answer)
    {
        if (answer.Length < HeaderLength)
        {
            return null;
        }

        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(answer);
        var type = BinaryPrimitives.ReadUInt16LittleEndian(answer[4..]);
        if (type == NlmsgError || type != NewConntrack || length < HeaderLength || length > answer.Length)
        {
            return null;
        }

        var attributes = answer[HeaderLength..length];
        return Find(attributes, TupleOrig) is { } orig
            && Find(answer.Slice(orig.Offset + HeaderLength, orig.Length), TupleProto) is { } proto
            && Find(answer.Slice(orig.Offset + HeaderLength + proto.Offset, proto.Length), ProtoDstPort) is { Length: 2 } port
            ? BinaryPrimitives.ReadUInt16BigEndian(answer.Slice(orig.Offset + HeaderLength + proto.Offset + port.Offset, 2))
            : null;
    }

    /// <summary>The payload (offset within <paramref name="attributes"/>, length) of the first
    /// attribute of <paramref name="type"/>, nested or not.</summary>
    private static (int Offset, int Length)? Find(ReadOnlySpan<byte> attributes, ushort type)
    {
        var at = 0;
        while (at + 4 <= attributes.Length)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes[at..]);
            var kind = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(attributes[(at + 2)..]) & ~Nested & 0x7fff);
            if (length < 4 || at + length > attributes.Length)
            {
                return null;
            }

            if (kind == type)
            {
                return (at + 4, length - 4);
            }

            at += (length + 3) & ~3;
        }

        return null;
    }

    private static byte[] Port(int port) => [(byte)(port >> 8), (byte)port];

    private static byte[] Attribute(ushort type, byte[] payload)
    {
        var length = 4 + payload.Length;
        var bytes = new byte[(length + 3) & ~3];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), type);
        payload.CopyTo(bytes, 4);
        return bytes;
    }
}
