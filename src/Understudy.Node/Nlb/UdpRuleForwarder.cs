using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Understudy.Core.Nlb;

namespace Understudy.Node.Nlb;

/// <summary>
/// Forwards UDP datagrams of one listening endpoint. Each client endpoint gets a session: a
/// socket connected to the member <paramref name="pick"/> routes it to (its bucket owner's
/// service for a rule port, the default host for the uncovered-traffic port), whose replies go
/// back to the client from the listening socket. A session idle for the cluster's
/// <c>udpIdleTimeout</c> is closed; the client's next datagram routes afresh. A new client past
/// the node's <c>nlb.maxUdpSessions</c>, or one whose socket cannot be made (no descriptor left),
/// has its datagram dropped and counted; the loop goes on.
/// </summary>
internal sealed class UdpRuleForwarder(Socket listener, Func<IPEndPoint, NlbRoute?> pick, NlbConnections connections, NlbCounters counters, UdpSessionBudget budget, NlbCapacityLog capacityLog, TimeProvider time, TimeSpan idle) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<IPEndPoint, UdpSession> _sessions = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _receive;
    private Task? _sweep;

    public void Start()
    {
        _receive = ReceiveAsync(_stop.Token);
        _sweep = SweepAsync(_stop.Token);
    }

    private async Task ReceiveAsync(CancellationToken token)
    {
        var buffer = new byte[65536];
        var any = new IPEndPoint(listener.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!token.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await listener.ReceiveFromAsync(buffer, SocketFlags.None, any, token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                if (token.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            var client = (IPEndPoint)received.RemoteEndPoint;
            if (_sessions.TryGetValue(client, out var session) && session.Dropped && _sessions.TryRemove(client, out _))
            {
                Close(session);
                session = null;
            }

            if ((session ??= Open(client)) is { } open)
            {
                try
                {
                    await open.SendAsync(buffer.AsMemory(0, received.ReceivedBytes), token);
                }
                catch (ObjectDisposedException)
                {
                    // The sweep closed this session meanwhile: the datagram is lost, as UDP allows.
                }
            }
        }
    }

    // A session for a new client, or null when its datagram is dropped (no route, at the cap, or
    // no socket could be made).
    private UdpSession? Open(IPEndPoint client)
    {
        if (pick(client) is not { } route)
        {
            counters.Unrouted();
            return null;
        }

        if (!budget.TryTake())
        {
            counters.Shed(NlbProtocol.Udp, exhausted: false);
            capacityLog.AtCap(NlbProtocol.Udp, budget.Cap);
            return null;
        }

        UdpSession? session = null;
        try
        {
            session = new UdpSession(client, route.Member, route.Target.EndPoint, listener, connections.Open(route.Member), time);
            session.Start();
        }
        catch (SocketException e)
        {
            session?.Dispose();
            budget.Return();
            counters.Shed(NlbProtocol.Udp, exhausted: true);
            capacityLog.Exhausted(NlbProtocol.Udp, e.SocketErrorCode.ToString());
            return null;
        }

        counters.Accepted(NlbProtocol.Udp);
        _sessions[client] = session;
        return session;
    }

    private void Close(UdpSession session)
    {
        session.Dispose();
        budget.Return();
    }

    private async Task SweepAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(idle / 4, time);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                foreach (var (client, session) in _sessions)
                {
                    if ((session.IdleFor() >= idle || session.Dropped) && _sessions.TryRemove(client, out _))
                    {
                        Close(session);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        listener.Dispose();
        foreach (var task in new[] { _receive, _sweep }.OfType<Task>())
        {
            await task;
        }

        foreach (var session in _sessions.Values)
        {
            Close(session);
        }

        _stop.Dispose();
    }
}
