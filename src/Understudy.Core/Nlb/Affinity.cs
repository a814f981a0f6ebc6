namespace Understudy.Core.Nlb;

/// <summary>Which part of the client's address decides its bucket (Windows NLB "affinity").</summary>
public enum Affinity
{
    /// <summary>Client IP and port: every connection is placed on its own.</summary>
    None,

    /// <summary>Client IP: a client always lands on the same member while membership is stable.</summary>
    Single,

    /// <summary>The client's /24 (IPv4) or /64 (IPv6): clients behind a proxy farm stay together.</summary>
    Network,
}
