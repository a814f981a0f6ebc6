using System.Buffers;
using System.Net;

namespace Understudy.Node.Nlb.Loop;

/// <summary>
/// One forwarded TCP connection on a <see cref="StreamLoop"/>: a non-blocking connect to the
/// bucket owner's service (once more to the bucket's next owner if that fails or takes longer than
/// the connect timeout), then bytes both ways until both sides have closed. Bytes read go out at
/// once from the loop's buffer; only what a receiver cannot take is kept, and the sender is not
/// read again until it has gone. An error on either side, or the member's connections being
/// dropped, resets both.
/// </summary>
internal sealed unsafe class TcpFlow : IReadyHandler
{
    private readonly StreamLoop _owner;
    private readonly NlbConnections _connections;
    private readonly NlbRoute _route;
    private readonly int _client;
    private readonly Direction _up = new();
    private readonly Direction _down = new();
    private int _upstream = -1;
    private bool _triedNext;
    private bool _open;
    private bool _closed;
    private long _connectDeadline;
    private NlbConnections.Lease _lease;
    private CancellationTokenRegistration _dropped;
    private uint _clientInterest;
    private uint _upstreamInterest;

    public TcpFlow(StreamLoop owner, NlbConnections connections, NlbRoute route, int client)
    {
        _owner = owner;
        _connections = connections;
        _route = route;
        _client = client;
    }

    private EventLoop Loop => _owner.Loop;

    /// <summary>Starts connecting to the bucket's owner (loop thread).</summary>
    public void Start()
    {
        _owner.Flows.Add(this);
        Libc.SetInt(_client, Libc.IpProtoTcp, Libc.TcpNoDelay, 1);
        if (!Loop.Add(_client, 0, this))
        {
            Abort();
            return;
        }

        Connect(_route.Target.EndPoint);
    }

    public bool ConnectExpired(long now) => !_open && now >= _connectDeadline;

    public void OnReady(int fd, uint events)
    {
        if (_closed)
        {
            return;
        }

        if (!_open)
        {
            if (fd == _upstream)
            {
                if ((events & (Libc.EpollErr | Libc.EpollHup)) != 0 || Libc.PendingError(_upstream) != 0)
                {
                    ConnectFailed();
                }
                else
                {
                    Connected();
                }
            }
            else if ((events & (Libc.EpollErr | Libc.EpollHup)) != 0)
            {
                Abort();
            }

            return;
        }

        if ((events & Libc.EpollErr) != 0)
        {
            Abort();
            return;
        }

        var fromClient = fd == _client;
        var readable = (events & (Libc.EpollIn | Libc.EpollHup)) != 0;
        var writable = (events & Libc.EpollOut) != 0;
        if (readable && !Pump(fromClient ? _up : _down, fromClient))
        {
            return;
        }

        if (writable && !Pump(fromClient ? _down : _up, !fromClient))
        {
            return;
        }

        Settle();
    }

    /// <summary>Resets both sides and forgets the connection (the member was stopped, an error, or
    /// the forwarder is stopping). Does nothing if already closed.</summary>
    public void Abort() => Close(reset: true);

    /// <summary>The connect failed or timed out: the next owner once, else give up.</summary>
    public void ConnectFailed()
    {
        DropUpstream();
        if (!_triedNext && _route.NextTarget is { } next)
        {
            _triedNext = true;
            Connect(next.EndPoint);
            return;
        }

        Abort();
    }

    private string Member => _triedNext ? _route.NextMember! : _route.Member;

    private void Connect(IPEndPoint target)
    {
        var address = stackalloc byte[28];
        var length = Libc.WriteAddress(target, new Span<byte>(address, 28));
        var family = target.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? Libc.AfInet : Libc.AfInet6;
        _upstream = Libc.Socket(family, Libc.SockStream | Libc.SockNonBlock | Libc.SockCloexec, 0);
        if (_upstream < 0)
        {
            Abort();
            return;
        }

        Libc.SetInt(_upstream, Libc.IpProtoTcp, Libc.TcpNoDelay, 1);
        var result = Libc.Connect(_upstream, address, length);
        var error = result == 0 ? 0 : Libc.Errno;
        if (result == 0 || error == Libc.EInProgress)
        {
            if (!Loop.Add(_upstream, result == 0 ? 0 : Libc.EpollOut, this))
            {
                ConnectFailed();
                return;
            }

            if (result == 0)
            {
                Connected();
                return;
            }

            _connectDeadline = Loop.Time.GetTimestamp() + _owner.ConnectTimeout;
            _owner.Connecting.Add(this);
            return;
        }

        ConnectFailed();
    }

    private void Connected()
    {
        _owner.Connecting.Remove(this);
        _open = true;
        _lease = _connections.Open(Member);
        _dropped = _lease.Dropped.UnsafeRegister(static state =>
        {
            var flow = (TcpFlow)state!;
            flow.Loop.Post(flow.Abort);
        }, this);
        _upstreamInterest = uint.MaxValue;
        _clientInterest = uint.MaxValue;
        Settle();
    }

    private void DropUpstream()
    {
        _owner.Connecting.Remove(this);
        if (_upstream >= 0)
        {
            Loop.Remove(_upstream);
            Libc.Close(_upstream);
            _upstream = -1;
        }
    }

    /// <summary>Moves what it can in one direction; false if the connection ended.</summary>
    private bool Pump(Direction direction, bool fromClient)
    {
        var (source, target) = fromClient ? (_client, _upstream) : (_upstream, _client);
        if (direction.PendingCount > 0)
        {
            if (!Flush(direction, target))
            {
                return false;
            }

            if (direction.PendingCount > 0)
            {
                return true;
            }
        }

        if (direction.ReadClosed)
        {
            return true;
        }

        fixed (byte* buffer = Loop.Buffer)
        {
            var read = Libc.Recv(source, buffer, Loop.Buffer.Length, 0);
            if (read > 0)
            {
                var sent = Libc.Send(target, buffer, read, Libc.MsgNoSignal);
                if (sent < 0)
                {
                    if (Libc.Errno != Libc.EAgain)
                    {
                        Abort();
                        return false;
                    }

                    sent = 0;
                }

                if (sent < read)
                {
                    direction.Keep(Loop.Buffer.AsSpan((int)sent, (int)(read - sent)));
                }

                return true;
            }

            if (read == 0)
            {
                direction.ReadClosed = true;
                Libc.Shutdown(target, Libc.ShutWr);
                return !Finished();
            }

            var error = Libc.Errno;
            if (error is Libc.EAgain or Libc.EIntr)
            {
                return true;
            }

            Abort();
            return false;
        }
    }

    private bool Flush(Direction direction, int target)
    {
        fixed (byte* pending = direction.Pending)
        {
            var sent = Libc.Send(target, pending + direction.PendingOffset, direction.PendingCount, Libc.MsgNoSignal);
            if (sent < 0)
            {
                if (Libc.Errno == Libc.EAgain)
                {
                    return true;
                }

                Abort();
                return false;
            }

            direction.Sent((int)sent);
            return true;
        }
    }

    /// <summary>Both sides closed their sending half and all was delivered: close normally.</summary>
    private bool Finished()
    {
        if (_up.ReadClosed && _down.ReadClosed && _up.PendingCount == 0 && _down.PendingCount == 0)
        {
            Close(reset: false);
            return true;
        }

        return false;
    }

    /// <summary>Watches each side for what the connection now waits on: reading a side only while
    /// nothing it sent is still pending, writing a side only while something is pending for it.</summary>
    private void Settle()
    {
        if (_closed)
        {
            return;
        }

        var client = (_up.Reading ? Libc.EpollIn : 0) | (_down.PendingCount > 0 ? Libc.EpollOut : 0);
        var upstream = (_down.Reading ? Libc.EpollIn : 0) | (_up.PendingCount > 0 ? Libc.EpollOut : 0);
        if (client != _clientInterest)
        {
            _clientInterest = client;
            Loop.Modify(_client, client);
        }

        if (upstream != _upstreamInterest)
        {
            _upstreamInterest = upstream;
            Loop.Modify(_upstream, upstream);
        }
    }

    private void Close(bool reset)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _owner.Flows.Remove(this);
        _owner.Connecting.Remove(this);
        _dropped.Dispose();
        if (_open)
        {
            _lease.Dispose();
        }

        foreach (var fd in new[] { _client, _upstream })
        {
            if (fd >= 0)
            {
                Loop.Remove(fd);
                if (reset)
                {
                    Libc.SetResetOnClose(fd);
                }

                Libc.Close(fd);
            }
        }

        _up.Release();
        _down.Release();
    }

    /// <summary>One direction's state: whether its sender has closed, and bytes its receiver has not yet taken.</summary>
    private sealed class Direction
    {
        public byte[]? Pending;
        public int PendingOffset;
        public int PendingCount;
        public bool ReadClosed;

        public bool Reading => !ReadClosed && PendingCount == 0;

        public void Keep(ReadOnlySpan<byte> rest)
        {
            Pending = ArrayPool<byte>.Shared.Rent(rest.Length);
            rest.CopyTo(Pending);
            PendingOffset = 0;
            PendingCount = rest.Length;
        }

        public void Sent(int count)
        {
            PendingOffset += count;
            PendingCount -= count;
            if (PendingCount == 0)
            {
                Release();
            }
        }

        public void Release()
        {
            if (Pending is { } buffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                Pending = null;
            }

            PendingOffset = 0;
            PendingCount = 0;
        }
    }
}
