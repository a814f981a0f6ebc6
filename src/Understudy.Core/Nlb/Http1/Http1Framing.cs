namespace Understudy.Core.Nlb.Http1;

/// <summary>How the end of an HTTP/1.x message body is found (RFC 9112 §6.3).</summary>
public enum Http1Framing
{
    /// <summary>No body.</summary>
    None,

    /// <summary>Exactly Content-Length bytes.</summary>
    Length,

    /// <summary>Chunked transfer coding, ending with the last chunk and trailers.</summary>
    Chunked,

    /// <summary>Everything until the sender closes (responses only).</summary>
    UntilClose,
}
