using Understudy.Core.Nlb;

namespace Understudy.Node.Nlb.Loop;

/// <summary>
/// A listening socket of a TCP rule on one loop. Every loop watches the same socket
/// (EPOLLEXCLUSIVE: the kernel wakes one of them per new connection), accepts what is waiting and
/// starts a <see cref="TcpFlow"/> to the bucket owner of each; a connection no member can take is
/// closed at once.
/// </summary>
internal sealed unsafe class StreamListener(StreamLoop owner, int listener, int port, NlbRouter router, NlbConnections connections) : IReadyHandler
{
    // Accepts per wake-up, so that one busy listener does not starve the loop's open connections.
    private const int Batch = 64;

    public void OnReady(int fd, uint events)
    {
        var address = stackalloc byte[128];
        for (var i = 0; i < Batch; i++)
        {
            var length = 128;
            var client = Libc.Accept(listener, address, &length, Libc.SockNonBlock | Libc.SockCloexec);
            if (client < 0)
            {
                return;
            }

            if (Libc.ReadAddress(new ReadOnlySpan<byte>(address, length)) is not { } from
                || router.Pick(NlbProtocol.Tcp, port, from.Address, from.Port) is not { } route)
            {
                Libc.Close(client);
                continue;
            }

            new TcpFlow(owner, connections, route, client).Start();
        }
    }
}
