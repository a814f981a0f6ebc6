using System.Net;
using Understudy.Core.Nlb.Http1;

namespace Understudy.Node.Nlb.Loop;

/// <summary>The member's side of an <see cref="HttpFlow"/>: answers passed through while their
/// framing is followed, and what happens when the member's connection ends or breaks.</summary>
internal sealed partial class HttpFlow
{
    private bool FromMember(ReadOnlySpan<byte> data)
    {
        _replayLength = 0;
        if (_tunnel)
        {
            return Send(toClient: true, data);
        }

        var i = 0;
        var upgradeAnswered = false;
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
                upgradeAnswered = _upgrading;
                break;
            }

            if (response.IsInterim)
            {
                continue;
            }

            if (request.IsUpgrade || request.IsConnect)
            {
                // Refused: the connection stays HTTP/1.1, and what was held is its next requests.
                upgradeAnswered |= _upgrading;
                _upgrading = false;
            }

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

        if (upgradeAnswered && !ReleaseHeldAfterAnswer(_tunnel))
        {
            return false;
        }

        return !(_awaiting.Count == 0 && _closeWhenAnswered && !_tunnel) || CloseWhenSent();
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
            return IdleMemberGone();
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
            return IdleMemberGone();
        }

        return Unanswered();
    }

    /// <summary>The member closed (or reset) an idle kept-alive connection: the next request opens another.</summary>
    private bool IdleMemberGone()
    {
        LeaveMember();
        return !_closeWhenAnswered || CloseWhenSent();
    }

    /// <summary>The member's connection ended with requests in flight. If nothing of an answer came
    /// back yet and the one request in flight may be sent again, it is sent again: to the same
    /// member over a new connection if this one had been kept alive (the member may have closed it
    /// as idle just as the request went out, the race every keep-alive proxy meets; HAProxy also
    /// retries on the same server first), else to the bucket's next owner, as a failed connect is.
    /// Otherwise it is answered 502; an answer cut midway resets the client.</summary>
    private bool Unanswered()
    {
        if (_responseInBody || !_responseHead.IsEmpty)
        {
            Abort();
            return false;
        }

        var sameMember = _answersOnUpstream > 0 && Target is not null;
        if (_awaiting.Count == 1 && _replayLength > 0 && (sameMember || (!_triedNext && _route?.NextTarget is not null)))
        {
            DropUpstream();
            Up.Keep(_replay.AsSpan(0, _replayLength));
            _replayLength = 0;
            if (sameMember)
            {
                Owner.Counters.RetriedSameMember();
            }

            return (sameMember ? Connect(Target!) : TryNext()) || !Closed;
        }

        DropUpstream();
        Refuse(HttpStatusCode.BadGateway, answeringInFlight: true);
        return !Closed;
    }

    private void Answered()
    {
        _answersOnUpstream++;
        _awaiting.Dequeue();
        if (_awaiting.Count == 0)
        {
            Uncount();
        }
    }
}
