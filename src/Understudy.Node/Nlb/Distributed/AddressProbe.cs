using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using Understudy.Core.Addresses;
using Understudy.Node.Native;
using Understudy.Node.Resources;

namespace Understudy.Node.Nlb.Distributed;

/// <summary>
/// Asks the LAN whether anyone holds an address (RFC 5227's probe: ARP requests with sender
/// 0.0.0.0) and collects the hardware addresses that answer for it within a window. A distributed
/// host uses it before it takes the cluster address: an answer from a MAC that is not the
/// cluster's multicast MAC is another machine using the address. Needs CAP_NET_RAW; IPv4 only.
/// </summary>
internal static unsafe class AddressProbe
{
    private const int AfPacket = 17, SockDgram = 2;
    private const ushort EthPArp = 0x0806;

    /// <summary>The MACs (lower-case, colon-separated) that said they hold <paramref name="address"/>
    /// on <paramref name="link"/> within <paramref name="window"/>; null when the probe could not be
    /// sent (no packet socket: not root), with nothing known.</summary>
    public static HashSet<string>? Holders(NetworkInterface link, IPAddress address, TimeSpan window, int probes = 2)
    {
        var mac = link.GetPhysicalAddress().GetAddressBytes();
        if (mac.Length != 6)
        {
            return [];
        }

        var fd = Libc.Socket(AfPacket, SockDgram | Libc.SockCloexec, BinaryPrimitives.ReverseEndianness(EthPArp));
        if (fd < 0)
        {
            return null;
        }

        try
        {
            var index = AddressKernel.IndexOf(link);
            var ll = stackalloc byte[20]; // struct sockaddr_ll
            new Span<byte>(ll, 20).Clear();
            *(ushort*)ll = AfPacket;
            BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(ll + 2, 2), EthPArp);
            *(int*)(ll + 4) = index;
            ll[11] = 6;
            new Span<byte>(ll + 12, 6).Fill(0xff);
            Libc.SetReceiveTimeout(fd, TimeSpan.FromMilliseconds(50));
            var payload = Announcement.ArpProbe(mac, address);
            var holders = new HashSet<string>(StringComparer.Ordinal);
            var buffer = new byte[128];
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var sent = 0;
            while (clock.Elapsed < window)
            {
                if (sent < probes && clock.Elapsed >= window / probes * sent)
                {
                    fixed (byte* bytes = payload)
                    {
                        if (Libc.SendTo(fd, bytes, payload.Length, 0, ll, 20) != payload.Length)
                        {
                            return null;
                        }
                    }

                    sent++;
                }

                fixed (byte* received = buffer)
                {
                    var read = Libc.Recv(fd, received, buffer.Length, 0);
                    if (read > 0 && Announcement.HolderIn(buffer.AsSpan(0, (int)read), address) is { } holder && !holder.AsSpan().SequenceEqual(mac))
                    {
                        holders.Add(string.Join(':', holder.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))));
                    }
                }
            }

            return holders;
        }
        finally
        {
            Libc.Close(fd);
        }
    }
}
