namespace Understudy.Node.Nlb.Loop;

/// <summary>
/// One forwarded TCP connection: a connect to the bucket owner's service (once more to the
/// bucket's next owner if that fails or times out), then bytes both ways until both sides have
/// closed their sending halves. An error on either side, or the member's connections being
/// dropped, resets both. Counted as one open connection to its member while it lasts.
/// </summary>
internal sealed class TcpFlow(StreamLoop owner, NlbConnections connections, NlbRoute route, int client) : LoopFlow(owner, connections, client)
{
    private bool _triedNext;

    protected override void Started() => Connect(route.Target);

    protected override void ConnectDone(bool connected)
    {
        if (connected)
        {
            Opened();
        }
        else
        {
            TryNext();
        }
    }

    protected override bool Received(bool fromClient, ReadOnlySpan<byte> data) => Send(!fromClient, data);

    protected override bool Ended(bool fromClient) => HalfClose(fromClient);

    private void Connect(NlbTarget target)
    {
        switch (BeginConnect(target.EndPoint))
        {
            case ConnectStart.Connected:
                Opened();
                Settle();
                break;
            case ConnectStart.Failed:
                TryNext();
                break;
        }
    }

    private void TryNext()
    {
        if (!_triedNext && route.NextTarget is { } next)
        {
            _triedNext = true;
            Owner.Counters.RetriedNextOwner();
            Connect(next);
            return;
        }

        Abort();
    }

    private void Opened() => CountAs(_triedNext ? route.NextMember! : route.Member);
}
