using System.Net;
using Understudy.Core.Nlb;
using Understudy.Node.Native;

namespace Understudy.Node.Nlb.Loop;

/// <summary>
/// A listening socket of a TCP or HTTP rule on one loop. Every loop watches the same socket
/// (EPOLLEXCLUSIVE: the kernel wakes one of them per new connection), accepts what is waiting and
/// starts a flow for each; a connection no member can take is closed at once. A connection past
/// the loop's share of <c>nlb.maxConnections</c> is reset and counted, and a failed accept never
/// leaves the listener spinning: transient errors are skipped, running out of descriptors sheds
/// the waiting connection (<see cref="StreamLoop.ShedWaiting"/>).
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
                if (!Refused(Libc.Errno))
                {
                    return;
                }

                continue;
            }

            if (owner.Flows.Count >= owner.MaxFlows)
            {
                owner.Counters.Shed(protocol, exhausted: false);
                owner.CapacityLog.AtCap(protocol, owner.MaxFlows);
                Libc.SetResetOnClose(client);
                Libc.Close(client);
                continue;
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

    // After a failed accept: whether to go on accepting (the error concerned one connection, or
    // one was shed for want of descriptors) or stop until the listener is ready again.
    private bool Refused(int errno)
    {
        if (errno is Libc.EConnAborted or Libc.EProto or Libc.EIntr)
        {
            return true;
        }

        if (!Libc.IsExhaustion(errno))
        {
            return false;
        }

        owner.Counters.Shed(protocol, exhausted: true);
        owner.CapacityLog.Exhausted(protocol, $"accept: errno {errno}");
        return owner.ShedWaiting(listener, Libc.EpollIn | Libc.EpollExclusive, this);
    }
}
