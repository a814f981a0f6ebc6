using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Understudy.Core.Addresses;

/// <summary>
/// The rtnetlink messages that add and remove an interface address (what <c>ip addr replace</c>
/// and <c>ip addr del</c> send), and the kernel's acknowledgement. Pure: the node and the .NET
/// lease guard send the bytes on a NETLINK_ROUTE socket; the native guard
/// (tools/guard/understudy-guard.c) writes the same layout in C.
/// </summary>
public static class AddressMessage
{
    // include/uapi/linux/netlink.h, rtnetlink.h, if_addr.h.
    private const ushort NewAddress = 20; // RTM_NEWADDR
    private const ushort DeleteAddress = 21; // RTM_DELADDR
    private const ushort NlmsgError = 2;
    private const ushort Request = 0x1, Ack = 0x4, Replace = 0x100, Create = 0x400;
    private const ushort IfaAddress = 1, IfaLocal = 2, IfaFlags = 8;
    private const uint NoDad = 0x02; // IFA_F_NODAD: a moved address must answer at once, not after duplicate detection
    private const int HeaderLength = 16 + 8; // nlmsghdr + ifaddrmsg

    /// <summary>Adds <paramref name="address"/>/<paramref name="prefixLength"/> to interface
    /// <paramref name="interfaceIndex"/>, or replaces it if it is there (idempotent).</summary>
    public static byte[] Add(int interfaceIndex, IPAddress address, int prefixLength, uint sequence) =>
        Build(NewAddress, Request | Ack | Create | Replace, interfaceIndex, address, prefixLength, sequence, withFlags: true);

    /// <summary>Removes <paramref name="address"/>/<paramref name="prefixLength"/> from interface <paramref name="interfaceIndex"/>.</summary>
    public static byte[] Delete(int interfaceIndex, IPAddress address, int prefixLength, uint sequence) =>
        Build(DeleteAddress, Request | Ack, interfaceIndex, address, prefixLength, sequence, withFlags: false);

    /// <summary>The errno of an acknowledgement (0: done), or null if <paramref name="answer"/> is none.</summary>
    public static int? Errno(ReadOnlySpan<byte> answer) =>
        answer.Length >= 20 && BinaryPrimitives.ReadUInt16LittleEndian(answer[4..]) == NlmsgError
            ? -BinaryPrimitives.ReadInt32LittleEndian(answer[16..])
            : null;

    private static byte[] Build(ushort type, ushort flags, int interfaceIndex, IPAddress address, int prefixLength, uint sequence, bool withFlags)
    {
        ArgumentNullException.ThrowIfNull(address);
        var raw = address.GetAddressBytes();
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, raw.Length * 8);
        var attributes = 2 * (4 + raw.Length) + (withFlags ? 8 : 0);
        var bytes = new byte[HeaderLength + attributes];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)bytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), sequence);
        bytes[16] = address.AddressFamily == AddressFamily.InterNetworkV6 ? (byte)10 : (byte)2; // AF_INET6 / AF_INET
        bytes[17] = (byte)prefixLength; // then flags 0, scope 0 (universe)
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), interfaceIndex);
        var at = Attribute(bytes, HeaderLength, IfaLocal, raw);
        at = Attribute(bytes, at, IfaAddress, raw);
        if (withFlags)
        {
            Span<byte> value = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(value, NoDad);
            Attribute(bytes, at, IfaFlags, value);
        }

        return bytes;
    }

    // Every value here is 4 or 16 bytes long, so no attribute needs padding.
    private static int Attribute(byte[] bytes, int at, ushort type, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 2), type);
        value.CopyTo(bytes.AsSpan(at + 4));
        return at + 4 + value.Length;
    }
}
