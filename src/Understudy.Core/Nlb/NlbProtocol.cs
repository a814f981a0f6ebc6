namespace Understudy.Core.Nlb;

/// <summary>What a port rule forwards: HTTP requests (through a reverse proxy that adds
/// X-Forwarded-For), raw TCP streams, or UDP datagrams.</summary>
public enum NlbProtocol
{
    /// <summary>HTTP/1.1 through the reverse proxy.</summary>
    Http,

    /// <summary>A TCP byte stream, forwarded as is.</summary>
    Tcp,

    /// <summary>UDP datagrams, forwarded per client endpoint.</summary>
    Udp,
}
