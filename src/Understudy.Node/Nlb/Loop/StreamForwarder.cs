using System.Net;
using System.Net.Sockets;
using Understudy.Core.Nlb;
using Understudy.Node.Native;

namespace Understudy.Node.Nlb.Loop;

/// <summary>
/// The TCP and HTTP rules' data plane: a few event loops (half the cores, at least one, leaving the
/// rest to the services behind the rules) sharing every rule's listening sockets. Each accepted
/// connection stays on the loop that accepted it until it closes.
/// </summary>
internal sealed class StreamForwarder : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private readonly StreamLoop[] _loops;
    private readonly List<Socket> _listeners = [];
    private readonly NlbRouter _router;
    private readonly NlbConnections _connections;
    private bool _started;

    /// <summary>Makes the loops; <paramref name="maxConnections"/>, the most connections at once on
    /// this node, is shared evenly between them.</summary>
    public StreamForwarder(NlbRouter router, NlbConnections connections, NlbCounters counters, NlbCapacityLog capacityLog, int maxConnections, TimeProvider time)
    {
        _router = router;
        _connections = connections;
        var count = Math.Max(1, Environment.ProcessorCount / 2);
        _loops = new StreamLoop[count];
        for (var i = 0; i < count; i++)
        {
            var share = Math.Max(1, (maxConnections / count) + (i < maxConnections % count ? 1 : 0));
            _loops[i] = new StreamLoop(new EventLoop($"nlb-loop-{i}", time), ConnectTimeout, share, counters, capacityLog);
        }
    }

    /// <summary>Listens on <paramref name="bound"/> (a bound socket, taken over) for a rule port of
    /// <paramref name="protocol"/>; before <see cref="Start"/> only.</summary>
    public void Listen(Socket bound, NlbProtocol protocol) =>
        Listen(bound, protocol, port => protocol == NlbProtocol.Http ? HttpFlow(port) : TcpFlow(port));

    /// <summary>Listens on <paramref name="bound"/> for TCP redirected from ports no rule covers:
    /// each connection goes to the default host at the port it was first addressed to.</summary>
    public void ListenUncovered(Socket bound) => Listen(bound, NlbProtocol.Tcp, _ => UncoveredFlow(bound.AddressFamily == AddressFamily.InterNetworkV6));

    private void Listen(Socket bound, NlbProtocol protocol, Func<int, Func<StreamLoop, int, IPEndPoint, LoopFlow?>> flows)
    {
        if (_started)
        {
            throw new InvalidOperationException("listeners are added before the loops start");
        }

        _listeners.Add(bound);
        bound.Listen(1024);
        bound.Blocking = false;
        var port = ((IPEndPoint)bound.LocalEndPoint!).Port;
        var fd = (int)bound.Handle;
        foreach (var loop in _loops)
        {
            var listener = new StreamListener(loop, fd, protocol, flows(port));
            if (!loop.Loop.Add(fd, Libc.EpollIn | Libc.EpollExclusive, listener))
            {
                throw new IOException($"cannot watch the listener on port {port} (errno {Libc.Errno})");
            }
        }
    }

    private Func<StreamLoop, int, IPEndPoint, LoopFlow?> TcpFlow(int port) => (loop, client, from) =>
        _router.Pick(NlbProtocol.Tcp, port, from.Address, from.Port) is { } route ? new TcpFlow(loop, _connections, route, client) : null;

    private Func<StreamLoop, int, IPEndPoint, LoopFlow?> HttpFlow(int port) => (loop, client, from) =>
        new HttpFlow(loop, client, from, port, _router, _connections);

    private Func<StreamLoop, int, IPEndPoint, LoopFlow?> UncoveredFlow(bool ipv6) => (loop, client, _) =>
        Libc.OriginalDestination(client, ipv6) is { } original && _router.PickUncovered(original.Port) is { } route
            ? new TcpFlow(loop, _connections, route, client)
            : null;

    public void Start()
    {
        _started = true;
        foreach (var loop in _loops)
        {
            loop.Loop.Start();
        }
    }

    /// <summary>Stops accepting, resets every open connection and stops the loops.</summary>
    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Loop.Post(loop.CloseAll);
            loop.Loop.Dispose();
            loop.ReleaseSpare();
        }

        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }
}
