using System.Buffers;

namespace Understudy.Node.Nlb.Loop;

/// <summary>
/// The bytes a client sends after an Upgrade or CONNECT request, held until the member answers:
/// a 101 (or a 2xx to CONNECT) passes them on as the new protocol's, any other answer means the
/// connection is still HTTP/1.1 (RFC 9110 §7.8) and they are parsed as its next requests.
/// Forwarding them before the answer would let a client whose upgrade the member refuses put
/// requests past the head parser and the X-Forwarded-For rewrite (issue 13).
/// </summary>
internal sealed partial class HttpFlow
{
    // A client may send only what it means to send once the upgrade is accepted; a WebSocket
    // client sends nothing before the 101. More than a request head's worth is refused.
    private const int MaxHeldAfterUpgrade = MaxRequestHead;

    private byte[]? _held;
    private int _heldCount;

    /// <summary>Keeps <paramref name="data"/> until the member answers the upgrade; false (the
    /// connection reset) if that is more than <see cref="MaxHeldAfterUpgrade"/>.</summary>
    private bool Hold(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return true;
        }

        if (_heldCount + data.Length > MaxHeldAfterUpgrade)
        {
            ReleaseHeld();
            Abort();
            return false;
        }

        _held ??= ArrayPool<byte>.Shared.Rent(MaxHeldAfterUpgrade);
        data.CopyTo(_held.AsSpan(_heldCount));
        _heldCount += data.Length;
        return true;
    }

    /// <summary>After the member's answer to the upgrade: the held bytes go on to the member as
    /// the tunnel's (<paramref name="tunnel"/>) or are parsed as HTTP requests.</summary>
    private bool ReleaseHeldAfterAnswer(bool tunnel)
    {
        if (_heldCount == 0)
        {
            return true;
        }

        var held = _held.AsSpan(0, _heldCount).ToArray();
        ReleaseHeld();
        return tunnel ? Send(toClient: false, held) : FromClient(held);
    }

    private void ReleaseHeld()
    {
        if (_held is { } held)
        {
            ArrayPool<byte>.Shared.Return(held);
            _held = null;
        }

        _heldCount = 0;
    }
}
