using System.Net;
using System.Net.Sockets;

namespace Understudy.Node.Nlb;

/// <summary>
/// Sockets bound with SO_REUSEPORT, so that every node of the cluster can listen on the cluster
/// address at once and the kernel spreads new connections (TCP) or client flows (UDP) over them.
/// </summary>
internal static class ReusePortSocket
{
    // Linux values: SOL_SOCKET = 1, SO_REUSEPORT = 15; SOL_IP = 0, IP_FREEBIND = 15; SOL_IPV6 = 41, IPV6_FREEBIND = 78.
    private const int SolSocket = 1;
    private const int SoReusePort = 15;
    private const int SolIp = 0, IpFreeBind = 15, SolIpv6 = 41, Ipv6FreeBind = 78;

    /// <summary>Binds <paramref name="endPoint"/>; with <paramref name="freeBind"/> also while the
    /// address is not (yet) this host's — director mode's members listen on the cluster address
    /// before the director role puts it on their interface.</summary>
    public static Socket Bind(EndPoint endPoint, SocketType type, bool reusePort, bool freeBind = false)
    {
        var protocol = type == SocketType.Dgram ? ProtocolType.Udp : ProtocolType.Tcp;
        var socket = new Socket(endPoint.AddressFamily, type, protocol);
        try
        {
            if (reusePort && OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            }

            if (freeBind && OperatingSystem.IsLinux())
            {
                var (level, name) = endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? (SolIpv6, Ipv6FreeBind) : (SolIp, IpFreeBind);
                socket.SetRawSocketOption(level, name, BitConverter.GetBytes(1));
            }

            socket.Bind(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
