using System.Net;
using System.Net.Sockets;

namespace Understudy.Node.Nlb;

/// <summary>
/// Sockets bound with SO_REUSEPORT, so that every node of the cluster can listen on the cluster
/// address at once and the kernel spreads new connections (TCP) or client flows (UDP) over them.
/// </summary>
internal static class ReusePortSocket
{
    // Linux values: SOL_SOCKET = 1, SO_REUSEPORT = 15.
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    public static Socket Bind(EndPoint endPoint, SocketType type, bool reusePort)
    {
        var protocol = type == SocketType.Dgram ? ProtocolType.Udp : ProtocolType.Tcp;
        var socket = new Socket(endPoint.AddressFamily, type, protocol);
        try
        {
            if (reusePort && OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
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
