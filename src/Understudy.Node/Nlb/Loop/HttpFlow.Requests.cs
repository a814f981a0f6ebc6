using System.Buffers;
using System.Net;
using Understudy.Core.Nlb.Http1;

namespace Understudy.Node.Nlb.Loop;

/// <summary>The client's side of an <see cref="HttpFlow"/>: request heads parsed, routed and
/// rewritten, bodies followed to their end, and the client's half-close.</summary>
internal sealed partial class HttpFlow
{
    private bool FromClient(ReadOnlySpan<byte> data)
    {
        if (_tunnel)
        {
            return Send(toClient: false, data);
        }

        if (_upgrading && !_requestInBody)
        {
            return Hold(data);
        }

        var output = Owner.Scratch;
        output.ResetWrittenCount();
        var i = 0;
        while (i < data.Length)
        {
            var rest = data[i..];
            if (_upgrading && !_requestInBody)
            {
                if (!Hold(rest))
                {
                    return false;
                }

                break;
            }

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
                CountAs(_member!);
            }

            _closeWhenAnswered |= !request.KeepAlive;
            _requestBody.Begin(request.Framing, request.ContentLength);
            _requestInBody = !_requestBody.Done;
            if (request.IsUpgrade || request.IsConnect)
            {
                // Until the answer, what follows the request (and its body) is held: it is the
                // new protocol's if the member accepts, the next request's if it refuses.
                _upgrading = true;
            }

        }

        return output.WrittenCount == 0 || Send(toClient: false, output.WrittenSpan);
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
}
