using System.Net;
using System.Net.Sockets;
using Understudy.Node.Native;

namespace Understudy.Node.Nlb.Loop;

/// <summary>
/// A client connection forwarded on a <see cref="StreamLoop"/> to a member's service: the
/// non-blocking connect, and moving bytes. Bytes read go out at once from the loop's buffer; only
/// what a receiver cannot take is kept, and the sender is not read again until it has gone. What
/// the bytes mean — nothing for TCP, HTTP/1.1 messages for HTTP — is the subclass's.
/// </summary>
internal abstract unsafe class LoopFlow : IReadyHandler
{
    private readonly NlbConnections _connections;
    private bool _connecting;
    private long _connectDeadline;
    private bool _counted;
    private NlbConnections.Lease _lease;
    private CancellationTokenRegistration _dropped;
    private uint _clientInterest = uint.MaxValue;
    private uint _upstreamInterest = uint.MaxValue;

    protected LoopFlow(StreamLoop owner, NlbConnections connections, int client)
    {
        Owner = owner;
        _connections = connections;
        Client = client;
    }

    /// <summary>How a connect went at once.</summary>
    protected enum ConnectStart { Connected, Pending, Failed }

    protected StreamLoop Owner { get; }

    protected EventLoop Loop => Owner.Loop;

    protected int Client { get; }

    /// <summary>The member's socket, -1 if none.</summary>
    protected int Upstream { get; private set; } = -1;

    /// <summary>Client to member.</summary>
    protected FlowDirection Up { get; } = new();

    /// <summary>Member to client.</summary>
    protected FlowDirection Down { get; } = new();

    protected bool Closed { get; private set; }

    /// <summary>Registers the client socket and starts the flow (loop thread).</summary>
    public void Start()
    {
        Owner.Flows.Add(this);
        Libc.SetInt(Client, Libc.IpProtoTcp, Libc.TcpNoDelay, 1);
        if (!Loop.Add(Client, 0, this))
        {
            Abort();
            return;
        }

        Started();
    }

    public bool ConnectExpired(long now) => _connecting && now >= _connectDeadline;

    /// <summary>The connect did not finish within the loop's connect timeout.</summary>
    public void ConnectTimedOut()
    {
        DropUpstream();
        ConnectDone(false);
    }

    /// <summary>Resets both sides and forgets the connection (the member was stopped, an error, or
    /// the forwarder is stopping). Does nothing if already closed.</summary>
    public void Abort() => Close(reset: true);

    public void OnReady(int fd, uint events)
    {
        if (Closed)
        {
            return;
        }

        if (_connecting && fd == Upstream)
        {
            var failed = (events & (Libc.EpollErr | Libc.EpollHup)) != 0 || Libc.PendingError(Upstream) != 0;
            _connecting = false;
            Owner.Connecting.Remove(this);
            if (failed)
            {
                DropUpstream();
            }

            ConnectDone(!failed);
            Settle();
            return;
        }

        var fromClient = fd == Client;
        if ((events & Libc.EpollErr) != 0)
        {
            if (Broke(fromClient))
            {
                Settle();
            }

            return;
        }

        if ((events & (Libc.EpollIn | Libc.EpollHup)) != 0 && !Pump(fromClient))
        {
            return;
        }

        if ((events & Libc.EpollOut) != 0 && !Flush(toClient: fromClient))
        {
            return;
        }

        Settle();
    }

    /// <summary>The client socket is registered: begin (connect, or wait for a request).</summary>
    protected abstract void Started();

    /// <summary>A connect started with <see cref="BeginConnect"/> that was pending finished.</summary>
    protected abstract void ConnectDone(bool connected);

    /// <summary>Bytes read from one side; false if the flow closed.</summary>
    protected abstract bool Received(bool fromClient, ReadOnlySpan<byte> data);

    /// <summary>One side closed its sending half; false if the flow closed.</summary>
    protected abstract bool Ended(bool fromClient);

    /// <summary>Everything pending towards one side has been sent.</summary>
    protected virtual void Drained(bool toClient)
    {
    }

    /// <summary>Closes the flow if it has been idle too long (loop thread, once a second). TCP flows
    /// have no idle limit, as a layer-4 balancer keeps a quiet connection open.</summary>
    public virtual void CheckIdle(long now)
    {
    }

    /// <summary>A socket error on one side (reset, refused): by default both are reset. False if the flow closed.</summary>
    protected virtual bool Broke(bool clientSide)
    {
        Abort();
        return false;
    }

    /// <summary>The flow closed: release what the subclass holds.</summary>
    protected virtual void Closing()
    {
    }

    /// <summary>Counts the flow as an open connection to <paramref name="member"/> (drainstop waits
    /// for it) until <see cref="Uncount"/> or close; the flow is reset if the member's connections
    /// are dropped (stop).</summary>
    protected void CountAs(string member)
    {
        Uncount();
        _lease = _connections.Open(member);
        _counted = true;
        _dropped = _lease.Dropped.UnsafeRegister(static state =>
        {
            var flow = (LoopFlow)state!;
            flow.Loop.Post(flow.Abort);
        }, this);
    }

    /// <summary>No longer counts the flow as open to its member.</summary>
    protected void Uncount()
    {
        if (_counted)
        {
            _dropped.Dispose();
            _lease.Dispose();
            _counted = false;
        }
    }

    /// <summary>Passes one side's half-close on to the other; closes the flow (false) once both sides have.</summary>
    protected bool HalfClose(bool fromClient)
    {
        Libc.Shutdown(fromClient ? Upstream : Client, Libc.ShutWr);
        if (Up.ReadClosed && Down.ReadClosed)
        {
            Close(reset: false);
            return false;
        }

        return true;
    }

    /// <summary>Starts a non-blocking connect to <paramref name="target"/>.</summary>
    protected ConnectStart BeginConnect(IPEndPoint target)
    {
        var address = stackalloc byte[28];
        var length = Libc.WriteAddress(target, new Span<byte>(address, 28));
        var family = target.AddressFamily == AddressFamily.InterNetwork ? Libc.AfInet : Libc.AfInet6;
        Upstream = Libc.Socket(family, Libc.SockStream | Libc.SockNonBlock | Libc.SockCloexec, 0);
        if (Upstream < 0)
        {
            return ConnectStart.Failed;
        }

        Libc.SetInt(Upstream, Libc.IpProtoTcp, Libc.TcpNoDelay, 1);
        var result = Libc.Connect(Upstream, address, length);
        var pending = result != 0 && Libc.Errno == Libc.EInProgress;
        if ((result != 0 && !pending) || !Loop.Add(Upstream, pending ? Libc.EpollOut : 0, this))
        {
            DropUpstream();
            return ConnectStart.Failed;
        }

        _upstreamInterest = pending ? Libc.EpollOut : 0;
        Down.ReadClosed = false;
        if (!pending)
        {
            return ConnectStart.Connected;
        }

        _connecting = true;
        _connectDeadline = Loop.Time.GetTimestamp() + Owner.ConnectTimeout;
        Owner.Connecting.Add(this);
        return ConnectStart.Pending;
    }

    /// <summary>Closes the member's socket (a failed connect, or a keep-alive connection given up);
    /// bytes pending towards it stay, for the next one.</summary>
    protected void DropUpstream(bool reset = false)
    {
        _connecting = false;
        Owner.Connecting.Remove(this);
        if (Upstream >= 0)
        {
            Loop.Remove(Upstream);
            if (reset)
            {
                Libc.SetResetOnClose(Upstream);
            }

            Libc.Close(Upstream);
            Upstream = -1;
        }

        _upstreamInterest = uint.MaxValue;
    }

    /// <summary>Sends <paramref name="data"/> towards one side, keeping what it cannot take yet
    /// (all of it while the member's socket is still connecting); false if the flow closed.</summary>
    protected bool Send(bool toClient, ReadOnlySpan<byte> data)
    {
        var direction = toClient ? Down : Up;
        var target = toClient ? Client : Upstream;
        if (direction.PendingCount > 0 || target < 0 || _connecting)
        {
            direction.Keep(data);
            return true;
        }

        fixed (byte* bytes = data)
        {
            var sent = Libc.Send(target, bytes, data.Length, Libc.MsgNoSignal);
            if (sent < 0)
            {
                if (Libc.Errno != Libc.EAgain)
                {
                    return Broke(toClient);
                }

                sent = 0;
            }

            direction.Keep(data[(int)sent..]);
            return true;
        }
    }

    /// <summary>Watches each side for what the flow now waits on.</summary>
    protected void Settle()
    {
        if (Closed)
        {
            return;
        }

        var client = (Up.Reading ? Libc.EpollIn : 0) | (Down.PendingCount > 0 ? Libc.EpollOut : 0);
        if (client != _clientInterest)
        {
            _clientInterest = client;
            Loop.Modify(Client, client);
        }

        if (Upstream >= 0 && !_connecting)
        {
            var upstream = (Down.Reading ? Libc.EpollIn : 0) | (Up.PendingCount > 0 ? Libc.EpollOut : 0);
            if (upstream != _upstreamInterest)
            {
                _upstreamInterest = upstream;
                Loop.Modify(Upstream, upstream);
            }
        }
    }

    protected void Close(bool reset)
    {
        if (Closed)
        {
            return;
        }

        Closed = true;
        Owner.Flows.Remove(this);
        Closing();
        Uncount();
        if (reset)
        {
            Libc.SetResetOnClose(Client);
        }

        Loop.Remove(Client);
        Libc.Close(Client);
        DropUpstream(reset);
        Up.Release();
        Down.Release();
    }

    /// <summary>Reads one side once and hands the bytes on; false if the flow closed.</summary>
    private bool Pump(bool fromClient)
    {
        var direction = fromClient ? Up : Down;
        var source = fromClient ? Client : Upstream;
        if (!Flush(!fromClient) || !direction.Reading || source < 0)
        {
            return !Closed;
        }

        var buffer = Loop.Buffer;
        fixed (byte* bytes = buffer)
        {
            var read = Libc.Recv(source, bytes, buffer.Length, 0);
            if (read > 0)
            {
                return Received(fromClient, buffer.AsSpan(0, (int)read));
            }

            if (read == 0)
            {
                direction.ReadClosed = true;
                return Ended(fromClient);
            }
        }

        return Libc.Errno is Libc.EAgain or Libc.EIntr || Broke(fromClient);
    }

    /// <summary>Sends what is pending towards one side; false if the flow closed.</summary>
    private bool Flush(bool toClient)
    {
        var direction = toClient ? Down : Up;
        var target = toClient ? Client : Upstream;
        if (direction.PendingCount == 0 || target < 0 || _connecting)
        {
            return true;
        }

        fixed (byte* pending = direction.Pending)
        {
            var sent = Libc.Send(target, pending + direction.PendingOffset, direction.PendingCount, Libc.MsgNoSignal);
            if (sent < 0)
            {
                return Libc.Errno == Libc.EAgain || Broke(toClient);
            }

            direction.Sent((int)sent);
        }

        if (direction.PendingCount == 0)
        {
            Drained(toClient);
        }

        return !Closed;
    }
}
