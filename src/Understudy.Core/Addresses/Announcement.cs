using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Understudy.Core.Addresses;

/// <summary>
/// What a new owner of a moved address sends so the LAN's neighbour caches point at it at once,
/// not after their entries time out: a gratuitous ARP (RFC 5227 §3 "ARP announcement": a request
/// whose sender and target address are both the address, as <c>arping -U</c> sends) for IPv4,
/// and an unsolicited neighbour advertisement with the override flag (RFC 4861 §7.2.6) for IPv6.
/// Pure: the node sends the bytes.
/// </summary>
public static class Announcement
{
    /// <summary>The ARP payload (after the Ethernet header) announcing <paramref name="address"/> at <paramref name="mac"/>.</summary>
    public static byte[] GratuitousArp(ReadOnlySpan<byte> mac, IPAddress address)
    {
        Require(mac, address, AddressFamily.InterNetwork);
        var bytes = new byte[28];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, 1); // hardware: Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), 0x0800); // protocol: IPv4
        bytes[4] = 6;
        bytes[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), 1); // request
        mac.CopyTo(bytes.AsSpan(8));
        address.GetAddressBytes().CopyTo(bytes, 14);
        address.GetAddressBytes().CopyTo(bytes, 24); // target hardware address stays zero
        return bytes;
    }

    /// <summary>An ARP probe (RFC 5227 §2.1.1) asking who has <paramref name="address"/>: a request
    /// from <paramref name="mac"/> with sender address 0.0.0.0, so no neighbour cache learns anything from it.</summary>
    public static byte[] ArpProbe(ReadOnlySpan<byte> mac, IPAddress address)
    {
        var bytes = GratuitousArp(mac, address);
        bytes.AsSpan(14, 4).Clear(); // sender protocol address 0.0.0.0
        return bytes;
    }

    /// <summary>The hardware address that an ARP packet (payload after the Ethernet header) says
    /// holds <paramref name="address"/> — a reply or an announcement whose sender address is it —
    /// or null when the packet says nothing about it.</summary>
    public static byte[]? HolderIn(ReadOnlySpan<byte> arp, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (arp.Length < 28 || BinaryPrimitives.ReadUInt16BigEndian(arp) != 1 || BinaryPrimitives.ReadUInt16BigEndian(arp[2..]) != 0x0800 || arp[4] != 6 || arp[5] != 4
            || address.AddressFamily != AddressFamily.InterNetwork || !arp.Slice(14, 4).SequenceEqual(address.GetAddressBytes()))
        {
            return null;
        }

        return arp.Slice(8, 6).ToArray();
    }

    /// <summary>The ICMPv6 neighbour advertisement of <paramref name="address"/> at
    /// <paramref name="mac"/>, for all nodes (ff02::1). The checksum is left zero: the kernel fills
    /// it in for ICMPv6 raw sockets.</summary>
    public static byte[] NeighbourAdvertisement(ReadOnlySpan<byte> mac, IPAddress address)
    {
        Require(mac, address, AddressFamily.InterNetworkV6);
        var bytes = new byte[32];
        bytes[0] = 136; // neighbour advertisement, code 0
        bytes[4] = 0x20; // override; not a router, not solicited
        address.GetAddressBytes().CopyTo(bytes, 8);
        bytes[24] = 2; // option: target link-layer address,
        bytes[25] = 1; // 8 bytes long
        mac.CopyTo(bytes.AsSpan(26));
        return bytes;
    }

    private static void Require(ReadOnlySpan<byte> mac, IPAddress address, AddressFamily family)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (mac.Length != 6)
        {
            throw new ArgumentException("an Ethernet address has 6 bytes", nameof(mac));
        }

        if (address.AddressFamily != family)
        {
            throw new ArgumentException($"expected an {family} address", nameof(address));
        }
    }
}
