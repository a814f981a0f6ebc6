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
internal sealed partial class HttpFlow : LoopFlow
{
    private const int MaxRequestHead = Http1Heads.MaxRequestHead;
    private const int MaxResponseHead = Http1Heads.MaxResponseHead;

    // Kestrel's defaults for a client's request head and an idle keep-alive connection, and YARP's
    // for a request in flight (or a tunnel) with no bytes either way.
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(130);
    private static readonly TimeSpan ActivityTimeout = TimeSpan.FromSeconds(100);

    private readonly NlbRouter _router;
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
    private int _answersOnUpstream;

    public HttpFlow(StreamLoop owner, int client, IPEndPoint from, int port, NlbRouter router, NlbConnections connections)
        : base(owner, connections, client)
    {
        _router = router;
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
        _requestHead.Clear();
        _responseHead.Clear();
        ReleaseHeld();
    }

    /// <summary>Closes the member's connection and forgets the member.</summary>
    private void LeaveMember()
    {
        DropUpstream();
        _member = null;
    }

    /// <summary>Keeps the member's connection for a request, or opens one to the bucket's current
    /// owner when there is none or the owner changed and nothing is in flight; false if the
    /// request was refused instead.</summary>
    private bool Route(bool busy)
    {
        if (_member is not null && (busy || _awaiting.Count > 0 || Up.PendingCount > 0))
        {
            return true;
        }

        var route = _router.Pick(NlbProtocol.Http, _port, _from.Address, _from.Port);
        if (_member is not null && route?.Member == _member)
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

    /// <summary>Where the member's connection goes: the bucket's owner, or its next owner once that was tried.</summary>
    private NlbTarget? Target => _triedNext ? _route?.NextTarget : _route?.Target;

    /// <summary>Connects to <paramref name="target"/>, or else the next owner; false if refused instead.</summary>
    private bool Connect(NlbTarget target)
    {
        _answersOnUpstream = 0;
        return BeginConnect(target.EndPoint) switch
        {
            ConnectStart.Failed => TryNext(),
            _ => true,
        };
    }

    /// <summary>The connect failed: the bucket's next owner once, else 502; false if refused.</summary>
    private bool TryNext()
    {
        if (!_triedNext && _route?.NextTarget is { } next)
        {
            _triedNext = true;
            Owner.Counters.RetriedNextOwner();
            _member = _route.NextMember;
            if (_awaiting.Count > 0)
            {
                CountAs(_member!);
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
        Uncount();
        var code = (int)status;
        Owner.Counters.Refused(code);
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
        LeaveMember();
        if (Down.PendingCount == 0)
        {
            Close(reset: false);
            return false;
        }

        _closeWhenSent = true;
        return true;
    }
}
