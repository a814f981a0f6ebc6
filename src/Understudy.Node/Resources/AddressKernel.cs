using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Understudy.Core.Addresses;
using Understudy.Node.Native;

namespace Understudy.Node.Resources;

/// <summary>
/// Puts an address on an interface and takes it off, over rtnetlink (<see cref="AddressMessage"/>),
/// and announces it to the LAN (<see cref="Announcement"/>): no <c>ip</c> or <c>arping</c>
/// binary is needed, and a failure comes back as the kernel's errno. Needs CAP_NET_ADMIN to
/// change addresses and CAP_NET_RAW to announce. Used by <see cref="LeaseGuard"/> (which holds
/// the address) and <see cref="AddressInstance"/> (which announces it).
/// </summary>
internal static unsafe class AddressKernel
{
    private const int AfNetlink = 16, AfPacket = 17, SockRaw = 3, SockDgram = 2, NetlinkRoute = 0;
    private const ushort EthPArp = 0x0806;
    private const int AddressNotAvailable = 99; // EADDRNOTAVAIL: deleting an address that is not there
    private static readonly byte[] AllNodes = IPAddress.Parse("ff02::1").GetAddressBytes();
    private static int s_sequence;

    /// <summary>The interface named <paramref name="name"/>, or null.</summary>
    public static NetworkInterface? Find(string name) =>
        NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name);

    /// <summary>The kernel's index of <paramref name="link"/>.</summary>
    public static int IndexOf(NetworkInterface link) =>
        link.GetIPProperties().GetIPv4Properties()?.Index ?? link.GetIPProperties().GetIPv6Properties().Index;

    /// <summary>Adds (or keeps) the address; the errno on failure, else 0.</summary>
    public static int Add(int index, IPAddress address, int prefixLength) =>
        Change(AddressMessage.Add(index, address, prefixLength, Next()));

    /// <summary>Removes the address; 0 when it is gone (also when it was not there), else the errno.</summary>
    public static int Delete(int index, IPAddress address, int prefixLength) =>
        Change(AddressMessage.Delete(index, address, prefixLength, Next())) is var errno && errno == AddressNotAvailable ? 0 : errno;

    /// <summary>Tells the LAN that <paramref name="address"/> is now at <paramref name="link"/>'s
    /// hardware address; the errno on failure, else 0.</summary>
    public static int Announce(NetworkInterface link, IPAddress address)
    {
        var mac = link.GetPhysicalAddress().GetAddressBytes();
        if (mac.Length != 6)
        {
            return 0; // not Ethernet (loopback): nobody caches a neighbour entry for it
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? Advertise(IndexOf(link), mac, address)
            : Arp(IndexOf(link), mac, address);
    }

    private static uint Next() => (uint)Interlocked.Increment(ref s_sequence);

    private static int Change(byte[] message)
    {
        var fd = Libc.Socket(AfNetlink, SockRaw | Libc.SockCloexec, NetlinkRoute);
        if (fd < 0)
        {
            return Libc.Errno;
        }

        try
        {
            var answer = new byte[1024];
            fixed (byte* sent = message)
            fixed (byte* received = answer)
            {
                if (Libc.Send(fd, sent, message.Length, 0) != message.Length)
                {
                    return Libc.Errno;
                }

                var read = Libc.Recv(fd, received, answer.Length, 0);
                return read < 0 ? Libc.Errno : AddressMessage.Errno(answer.AsSpan(0, (int)read)) ?? 0;
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    // A packet socket sends the ARP payload in an Ethernet frame to the broadcast address.
    private static int Arp(int index, byte[] mac, IPAddress address)
    {
        var fd = Libc.Socket(AfPacket, SockDgram | Libc.SockCloexec, BinaryPrimitives.ReverseEndianness(EthPArp));
        if (fd < 0)
        {
            return Libc.Errno;
        }

        try
        {
            var payload = Announcement.GratuitousArp(mac, address);
            var link = stackalloc byte[20]; // struct sockaddr_ll
            new Span<byte>(link, 20).Clear();
            *(ushort*)link = AfPacket;
            BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(link + 2, 2), EthPArp);
            *(int*)(link + 4) = index;
            link[11] = 6; // sll_halen, then sll_addr: broadcast
            new Span<byte>(link + 12, 6).Fill(0xff);
            fixed (byte* bytes = payload)
            {
                return Libc.SendTo(fd, bytes, payload.Length, 0, link, 20) == payload.Length ? 0 : Libc.Errno;
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    // An ICMPv6 raw socket: the kernel fills in the checksum; hop limit 255 is what receivers require (RFC 4861 §7.1.2).
    private static int Advertise(int index, byte[] mac, IPAddress address)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.IcmpV6);
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 255);
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, index);
            socket.Bind(new IPEndPoint(address, 0));
            socket.SendTo(Announcement.NeighbourAdvertisement(mac, address), new IPEndPoint(new IPAddress(AllNodes, index), 0));
            return 0;
        }
        catch (SocketException e)
        {
            return e.NativeErrorCode;
        }
    }
}
