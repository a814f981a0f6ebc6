namespace Understudy.Core.Nlb.Http1;

/// <summary>What a forwarder needs from a request head.</summary>
/// <param name="HeadLength">Bytes of the head, through its blank line.</param>
/// <param name="Framing">How its body ends.</param>
/// <param name="ContentLength">Body bytes when <see cref="Framing"/> is <see cref="Http1Framing.Length"/>.</param>
/// <param name="KeepAlive">Whether the client keeps the connection open after the response.</param>
/// <param name="IsHead">A HEAD request: its response has no body whatever its headers say.</param>
/// <param name="IsConnect">A CONNECT request: a 2xx answer turns the connection into a tunnel.</param>
/// <param name="IsUpgrade">Asks to switch protocols (Upgrade, with "upgrade" in Connection): a 101 answer turns the connection into a tunnel.</param>
/// <param name="IsIdempotent">GET, HEAD, OPTIONS, TRACE, PUT or DELETE (RFC 9110 §9.2.2): may be sent again if the first try got no answer.</param>
public readonly record struct Http1Request(int HeadLength, Http1Framing Framing, long ContentLength, bool KeepAlive, bool IsHead, bool IsConnect, bool IsUpgrade, bool IsIdempotent);
