using System.Net;
using System.Net.Sockets;

namespace Understudy.Node.Nlb.Loop;

/// <summary>
/// The TCP rules' data plane: a few event loops (half the cores, at least one, leaving the rest to
/// the services behind the rules) sharing every rule's listening sockets. Each accepted
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

    public StreamForwarder(NlbRouter router, NlbConnections connections, TimeProvider time)
    {
        _router = router;
        _connections = connections;
        var count = Math.Max(1, Environment.ProcessorCount / 2);
        _loops = new StreamLoop[count];
        for (var i = 0; i < count; i++)
        {
            _loops[i] = new StreamLoop(new EventLoop($"nlb-tcp-{i}", time), ConnectTimeout);
        }
    }

    /// <summary>Listens on <paramref name="bound"/> (a bound socket, taken over) for a rule port; before <see cref="Start"/> only.</summary>
    public void Listen(Socket bound)
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
            var listener = new StreamListener(loop, fd, port, _router, _connections);
            if (!loop.Loop.Add(fd, Libc.EpollIn | Libc.EpollExclusive, listener))
            {
                throw new IOException($"cannot watch the listener on port {port} (errno {Libc.Errno})");
            }
        }
    }

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
        }

        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }
}
