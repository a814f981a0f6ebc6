namespace Understudy.Core.Nlb.Http1;

/// <summary>What a forwarder needs from a response head.</summary>
/// <param name="HeadLength">Bytes of the head, through its blank line.</param>
/// <param name="Status">The status code.</param>
/// <param name="Framing">How its body ends.</param>
/// <param name="ContentLength">Body bytes when <see cref="Framing"/> is <see cref="Http1Framing.Length"/>.</param>
/// <param name="KeepAlive">Whether the server keeps the connection open after it.</param>
public readonly record struct Http1Response(int HeadLength, int Status, Http1Framing Framing, long ContentLength, bool KeepAlive)
{
    /// <summary>An interim (1xx) answer other than 101: the final answer follows.</summary>
    public bool IsInterim => Status is >= 100 and < 200 and not 101;
}
