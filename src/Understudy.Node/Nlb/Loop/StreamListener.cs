using System.Net;
using Understudy.Core.Nlb;
using Understudy.Node.Native;

namespace Understudy.Node.Nlb.Loop;

/// <summary>
/// A listening socket of a TCP or HTTP rule on one loop. Every loop watches the same socket
/// (EPOLLEXCLUSIVE: the kernel wakes one of them per new connection), accepts what is waiting and
/// starts a flow for each; a connection no member can take is closed at once.
/// </summary>
/// <param name="owner">The loop.</param>
/// <param name="listener">The listening socket.</param>
/// <param name="protocol">What its connections carry (for the metrics).</param>
/// <param name="flow">Makes the flow of a client connection (the loop, its socket, the client), or null to refuse it.</param>
internal sealed unsafe class StreamListener(StreamLoop owner, int listener, NlbProtocol protocol, Func<StreamLoop, int, IPEndPoint, LoopFlow?> flow) : IReadyHandler
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

            if (Libc.ReadAddress(new ReadOnlySpan<byte>(address, length)) is not { } from || flow(owner, client, from) is not { } started)
            {
                owner.Counters.Unrouted();
                Libc.Close(client);
                continue;
            }

            owner.Counters.Accepted(protocol);
            started.Start();
        }
    }
}
