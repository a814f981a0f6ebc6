using System.Net;
using System.Net.Sockets;
using Understudy.Core.Nlb;
using Understudy.Node.Native;

namespace Understudy.Node.Nlb;

/// <summary>
/// Asks the kernel's connection tracking, over a NETLINK_NETFILTER socket, which port a UDP client
/// sent to before the uncovered-traffic rule rewrote it (messages: <see cref="ConntrackTuple"/>).
/// The kernel answers a GET while handling the request, so the answer is read at once. Needs
/// CAP_NET_ADMIN, as the nftables rule does.
/// </summary>
internal static unsafe class Conntrack
{
    private const int AfNetlink = 16;
    private const int SockRaw = 3;
    private const int NetlinkNetfilter = 12;
    private const int MsgDontWait = 0x40;
    private static int s_sequence;

    /// <summary>The port <paramref name="client"/> sent to, for a datagram received on
    /// <paramref name="local"/>; null if the kernel knows no such entry or cannot be asked.</summary>
    public static int? OriginalPort(IPEndPoint local, IPEndPoint client)
    {
        var fd = Libc.Socket(AfNetlink, SockRaw | Libc.SockCloexec, NetlinkNetfilter);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            var request = ConntrackTuple.Request(local, Normalize(client, local.AddressFamily), ProtocolType.Udp, (uint)Interlocked.Increment(ref s_sequence));
            var answer = new byte[4096];
            fixed (byte* sent = request)
            fixed (byte* received = answer)
            {
                if (Libc.Send(fd, sent, request.Length, 0) != request.Length)
                {
                    return null;
                }

                var read = Libc.Recv(fd, received, answer.Length, MsgDontWait);
                return read > 0 ? ConntrackTuple.OriginalDestinationPort(answer.AsSpan(0, (int)read)) : null;
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    private static IPEndPoint Normalize(IPEndPoint client, AddressFamily family) =>
        family == AddressFamily.InterNetwork && client.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(client.Address.MapToIPv4(), client.Port) : client;
}
