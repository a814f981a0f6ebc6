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
/// <c>udpIdleTimeout</c> is closed; the client's next datagram routes afresh.
/// </summary>
internal sealed class UdpRuleForwarder(Socket listener, Func<IPEndPoint, NlbRoute?> pick, NlbConnections connections, NlbCounters counters, TimeProvider time, TimeSpan idle) : IAsyncDisposable
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
                session.Dispose();
                session = null;
            }

            if (session is null)
            {
                if (pick(client) is not { } route)
                {
                    counters.Unrouted();
                    continue;
                }

                counters.Accepted(NlbProtocol.Udp);

                session = new UdpSession(client, route.Member, route.Target.EndPoint, listener, connections.Open(route.Member), time);
                _sessions[client] = session;
                session.Start();
            }

            await session.SendAsync(buffer.AsMemory(0, received.ReceivedBytes), token);
        }
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
                        session.Dispose();
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
            session.Dispose();
        }

        _stop.Dispose();
    }
}
