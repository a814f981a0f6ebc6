using System.Buffers;
using System.Net;
using System.Text;
using Understudy.Core.Nlb;
using Understudy.Core.Nlb.Http1;

namespace Understudy.Node.Nlb.Loop;

/// <summary>
/// One client connection of an HTTP rule: HTTP/1.x requests forwarded to the bucket owner's
/// service over a connection of its own, each request head rewritten with the client's address
/// in X-Forwarded-For, responses passed through unchanged while their framing is followed to know
/// when each ends.
/// <list type="bullet">
/// <item>The route is picked for every request, as YARP's path did: when the bucket's owner has
/// changed (a member stopped, drained or died) and nothing is in flight, the next request goes to
/// the new owner over a new connection. Requests are counted as open connections to their member
/// while in flight, and cut if that member's connections are dropped.</item>
/// <item>A failed connect is retried once on the bucket's next owner (nothing has been sent, so
/// any request may be), then answered 502.</item>
/// <item>101 Switching Protocols, or a 2xx to CONNECT, turns the connection into a tunnel.</item>
/// <item>A malformed or ambiguous request (<see cref="Http1Heads"/>) is answered 400 (431 for a
/// head over 32 KiB) and the connection closed; a malformed response resets it.</item>
/// <item>Kestrel's and YARP's timeouts: 30 s for a request head, 130 s for an idle keep-alive
/// connection, 100 s without a byte either way while a request is in flight (504).</item>
/// </list>
/// </summary>
internal sealed class HttpFlow : LoopFlow
{
    private const int MaxRequestHead = 32 * 1024;
    private const int MaxResponseHead = 64 * 1024;

    // Kestrel's defaults for a client's request head and an idle keep-alive connection, and YARP's
    // for a request in flight (or a tunnel) with no bytes either way.
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(130);
    private static readonly TimeSpan ActivityTimeout = TimeSpan.FromSeconds(100);

    private readonly NlbRouter _router;
    private readonly NlbConnections _connections;
    private readonly IPEndPoint _from;
    private readonly int _port;
    private readonly byte[] _clientAddress;
    private readonly Queue<Http1Request> _awaiting = new();
    private readonly Http1Body _requestBody = new();
    private readonly Http1Body _responseBody = new();
    private readonly HeadBuffer _requestHead = new(MaxRequestHead);
    private readonly HeadBuffer _responseHead = new(MaxResponseHead);
    private bool _requestInBody;
    private bool _responseInBody;
    private bool _responseUntilClose;
    private bool _upgrading;
    private bool _tunnel;
    private bool _closeWhenAnswered;
    private bool _closeWhenSent;
    private long _lastActivity;
    private long _headStarted;
    private byte[]? _replay;
    private int _replayLength;
    private NlbRoute? _route;
    private string? _member;
    private bool _triedNext;
    private bool _leased;
    private NlbConnections.Lease _lease;
    private CancellationTokenRegistration _dropped;

    public HttpFlow(StreamLoop owner, int client, IPEndPoint from, int port, NlbRouter router, NlbConnections connections)
        : base(owner, client)
    {
        _router = router;
        _connections = connections;
        _from = from;
        _port = port;
        _clientAddress = Encoding.ASCII.GetBytes(from.Address.ToString());
    }

    protected override void Started()
    {
        _lastActivity = Loop.Now;
        Settle();
    }

    public override void CheckIdle(long now)
    {
        if (Closed || _closeWhenSent)
        {
            return;
        }

        var waiting = _awaiting.Count == 0 && !_requestInBody && !_tunnel && !_upgrading;
        if (waiting && !_requestHead.IsEmpty && now - _headStarted > Owner.Ticks(HeadTimeout))
        {
            Refuse(HttpStatusCode.RequestTimeout);
        }
        else if (waiting && _requestHead.IsEmpty && now - _lastActivity > Owner.Ticks(KeepAliveTimeout))
        {
            CloseWhenSent();
        }
        else if (!waiting && now - _lastActivity > Owner.Ticks(ActivityTimeout))
        {
            if (_tunnel)
            {
                Abort();
            }
            else
            {
                Refuse(HttpStatusCode.GatewayTimeout, answeringInFlight: true);
            }
        }

        Settle();
    }

    protected override void ConnectDone(bool connected)
    {
        if (!connected)
        {
            TryNext();
        }
    }

    protected override bool Received(bool fromClient, ReadOnlySpan<byte> data)
    {
        _lastActivity = Loop.Now;
        return fromClient ? FromClient(data) : FromMember(data);
    }

    protected override bool Ended(bool fromClient) => fromClient ? ClientEnded() : MemberEnded();

    protected override void Drained(bool toClient)
    {
        if (toClient && _closeWhenSent)
        {
            Close(reset: false);
        }
    }

    protected override void Closing()
    {
        ReleaseLease();
        _requestHead.Clear();
        _responseHead.Clear();
    }

    private bool FromClient(ReadOnlySpan<byte> data)
    {
        if (_tunnel || _upgrading)
        {
            return Send(toClient: false, data);
        }

        var output = Owner.Scratch;
        output.ResetWrittenCount();
        var i = 0;
        while (i < data.Length)
        {
            var rest = data[i..];
            if (_requestInBody)
            {
                var taken = _requestBody.Take(rest);
                if (taken < 0)
                {
                    Refuse(HttpStatusCode.BadRequest);
                    return !Closed;
                }

                output.Write(rest[..taken]);
                i += taken;
                _requestInBody = !_requestBody.Done;
                continue;
            }

            if (_closeWhenAnswered)
            {
                // The client said it would close: anything after its last request is ignored.
                break;
            }

            var started = _requestHead.IsEmpty;
            switch (_requestHead.Take(rest, out var head, out var used))
            {
                case HeadBuffer.Result.Incomplete:
                    _headStarted = started ? Loop.Now : _headStarted;
                    return output.WrittenCount == 0 || Send(toClient: false, output.WrittenSpan);
                case HeadBuffer.Result.TooLarge:
                    Refuse(HttpStatusCode.RequestHeaderFieldsTooLarge);
                    return !Closed;
            }

            if (Http1Heads.ParseRequest(head, out _) is not { } request)
            {
                _requestHead.Clear();
                Refuse(HttpStatusCode.BadRequest);
                return !Closed;
            }

            if (!Route(busy: output.WrittenCount > 0))
            {
                _requestHead.Clear();
                return !Closed;
            }

            var start = output.WrittenCount;
            ForwardedFor.Rewrite(head, _clientAddress, output);
            _requestHead.Clear();
            KeepForReplay(request, output.WrittenSpan[start..]);
            i += used;
            _awaiting.Enqueue(request);
            if (_awaiting.Count == 1)
            {
                TakeLease();
            }

            _closeWhenAnswered |= !request.KeepAlive;
            _requestBody.Begin(request.Framing, request.ContentLength);
            _requestInBody = !_requestBody.Done;
            if (request.IsUpgrade || request.IsConnect)
            {
                // Until the answer, what follows is the new protocol's (or the tunnel's), not HTTP.
                _upgrading = true;
                output.Write(data[i..]);
                break;
            }
        }

        return output.WrittenCount == 0 || Send(toClient: false, output.WrittenSpan);
    }

    private bool FromMember(ReadOnlySpan<byte> data)
    {
        _replayLength = 0;
        if (_tunnel)
        {
            return Send(toClient: true, data);
        }

        var i = 0;
        while (i < data.Length)
        {
            var rest = data[i..];
            if (_responseInBody)
            {
                var taken = _responseBody.Take(rest);
                if (taken < 0)
                {
                    Abort();
                    return false;
                }

                i += taken;
                if (_responseBody.Done)
                {
                    _responseInBody = false;
                    Answered();
                }

                continue;
            }

            if (_awaiting.Count == 0)
            {
                // Bytes no request asked for.
                Abort();
                return false;
            }

            switch (_responseHead.Take(rest, out var head, out var used))
            {
                case HeadBuffer.Result.Incomplete:
                    return Send(toClient: true, data);
                case HeadBuffer.Result.TooLarge:
                    Abort();
                    return false;
            }

            var request = _awaiting.Peek();
            var parsed = Http1Heads.ParseResponse(head, request, out _);
            _responseHead.Clear();
            if (parsed is not { } response)
            {
                Abort();
                return false;
            }

            i += used;
            if (response.Status == 101 || (request.IsConnect && response.Status is >= 200 and < 300))
            {
                _tunnel = true;
                break;
            }

            if (response.IsInterim)
            {
                continue;
            }

            _upgrading = false;
            _closeWhenAnswered |= !response.KeepAlive;
            _responseBody.Begin(response.Framing, response.ContentLength);
            _responseUntilClose = response.Framing == Http1Framing.UntilClose;
            _responseInBody = !_responseBody.Done;
            if (!_responseInBody)
            {
                Answered();
            }
        }

        if (!Send(toClient: true, data))
        {
            return false;
        }

        return !(_awaiting.Count == 0 && _closeWhenAnswered && !_tunnel) || CloseWhenSent();
    }

    private bool ClientEnded()
    {
        if (_tunnel)
        {
            return HalfClose(fromClient: true);
        }

        if (_requestInBody || !_requestHead.IsEmpty)
        {
            Abort();
            return false;
        }

        if (_awaiting.Count == 0)
        {
            return CloseWhenSent();
        }

        _closeWhenAnswered = true;
        return true;
    }

    private bool MemberEnded()
    {
        if (_tunnel)
        {
            return HalfClose(fromClient: false);
        }

        if (_responseInBody && _responseUntilClose)
        {
            _responseInBody = false;
            Answered();
            return CloseWhenSent();
        }

        if (_awaiting.Count == 0)
        {
            // The member closed an idle keep-alive connection: the next request opens another.
            DropUpstream();
            _member = null;
            return !_closeWhenAnswered || CloseWhenSent();
        }

        return Unanswered();
    }

    protected override bool Broke(bool clientSide)
    {
        if (clientSide || _tunnel)
        {
            return base.Broke(clientSide);
        }

        if (_awaiting.Count == 0)
        {
            DropUpstream();
            _member = null;
            return !_closeWhenAnswered || CloseWhenSent();
        }

        return Unanswered();
    }

    /// <summary>The member's connection ended with requests in flight. If nothing of an answer came
    /// back yet and the one request in flight may be sent again, it goes to the bucket's next owner
    /// (as a failed connect does), else it is answered 502; an answer cut midway resets the client.</summary>
    private bool Unanswered()
    {
        if (_responseInBody || !_responseHead.IsEmpty)
        {
            Abort();
            return false;
        }

        if (_awaiting.Count == 1 && _replayLength > 0 && !_triedNext && _route?.NextTarget is not null)
        {
            DropUpstream();
            Up.Keep(_replay.AsSpan(0, _replayLength));
            _replayLength = 0;
            return TryNext() || !Closed;
        }

        DropUpstream();
        Refuse(HttpStatusCode.BadGateway, answeringInFlight: true);
        return !Closed;
    }

    /// <summary>Keeps a copy of the first request in flight on a connection, if it has no body and
    /// may be sent again, until its answer starts.</summary>
    private void KeepForReplay(in Http1Request request, ReadOnlySpan<byte> rewritten)
    {
        _replayLength = 0;
        if (_awaiting.Count > 0 || request.Framing != Http1Framing.None || !request.IsIdempotent || request.IsUpgrade || request.IsConnect)
        {
            return;
        }

        if (_replay is null || _replay.Length < rewritten.Length)
        {
            _replay = new byte[Math.Max(512, rewritten.Length)];
        }

        rewritten.CopyTo(_replay);
        _replayLength = rewritten.Length;
    }

    private bool HalfClose(bool fromClient)
    {
        Libc.Shutdown(fromClient ? Upstream : Client, Libc.ShutWr);
        if (Up.ReadClosed && Down.ReadClosed)
        {
            Close(reset: false);
            return false;
        }

        return true;
    }

    /// <summary>Keeps the member's connection for a request, or opens one to the bucket's current
    /// owner when there is none or the owner changed and nothing is in flight; false if the
    /// request was refused instead.</summary>
    private bool Route(bool busy)
    {
        var route = _router.Pick(NlbProtocol.Http, _port, _from.Address, _from.Port);
        if (_member is not null && (busy || _awaiting.Count > 0 || Up.PendingCount > 0 || route?.Member == _member))
        {
            return true;
        }

        if (route is null)
        {
            Refuse(HttpStatusCode.ServiceUnavailable);
            return false;
        }

        if (Upstream >= 0)
        {
            DropUpstream();
        }

        _route = route;
        _member = route.Member;
        _triedNext = false;
        return Connect(route.Target);
    }

    /// <summary>Connects to <paramref name="target"/>, or else the next owner; false if refused instead.</summary>
    private bool Connect(NlbTarget target) => BeginConnect(target.EndPoint) switch
    {
        ConnectStart.Failed => TryNext(),
        _ => true,
    };

    /// <summary>The connect failed: the bucket's next owner once, else 502; false if refused.</summary>
    private bool TryNext()
    {
        if (!_triedNext && _route?.NextTarget is { } next)
        {
            _triedNext = true;
            _member = _route.NextMember;
            if (_leased)
            {
                ReleaseLease();
                TakeLease();
            }

            return Connect(next);
        }

        _member = null;
        Refuse(HttpStatusCode.BadGateway, answeringInFlight: true);
        return false;
    }

    /// <summary>Answers with an error and closes, if no answer is owed before it; otherwise resets.</summary>
    private void Refuse(HttpStatusCode status, bool answeringInFlight = false)
    {
        if (_awaiting.Count > (answeringInFlight ? 1 : 0) || _responseInBody || !_responseHead.IsEmpty)
        {
            Abort();
            return;
        }

        _awaiting.Clear();
        ReleaseLease();
        var code = (int)status;
        var answer = $"HTTP/1.1 {code} {ReasonPhrase(status)}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        if (Send(toClient: true, Encoding.ASCII.GetBytes(answer)))
        {
            CloseWhenSent();
        }
    }

    private static string ReasonPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.RequestHeaderFieldsTooLarge => "Request Header Fields Too Large",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        HttpStatusCode.RequestTimeout => "Request Timeout",
        HttpStatusCode.GatewayTimeout => "Gateway Timeout",
        _ => "Bad Gateway",
    };

    /// <summary>Stops reading and closes once everything for the client has been sent; false if closed already.</summary>
    private bool CloseWhenSent()
    {
        Up.ReadClosed = true;
        DropUpstream();
        _member = null;
        if (Down.PendingCount == 0)
        {
            Close(reset: false);
            return false;
        }

        _closeWhenSent = true;
        return true;
    }

    private void Answered()
    {
        _awaiting.Dequeue();
        if (_awaiting.Count == 0)
        {
            ReleaseLease();
        }
    }

    private void TakeLease()
    {
        _lease = _connections.Open(_member!);
        _leased = true;
        _dropped = _lease.Dropped.UnsafeRegister(static state =>
        {
            var flow = (HttpFlow)state!;
            flow.Loop.Post(flow.Abort);
        }, this);
    }

    private void ReleaseLease()
    {
        if (_leased)
        {
            _dropped.Dispose();
            _lease.Dispose();
            _leased = false;
        }
    }
}
