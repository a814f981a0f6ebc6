namespace Understudy.Core.Failover;

/// <summary>
/// What a <c>probe</c> resource checks. LooksAlive (a TCP connect to the same endpoint) runs
/// often and IsAlive (the full check: HTTP GET with the expected status, or TCP connect) less
/// often, as WSFC does (5 s and 60 s there; faster here because failover is the point).
/// </summary>
/// <param name="HttpUrl">URL to GET, or null for a TCP probe.</param>
/// <param name="TcpEndpoint">host:port to connect to, or null for an HTTP probe.</param>
/// <param name="ExpectStatus">HTTP status that means healthy.</param>
/// <param name="LooksAlive">Interval of the cheap check.</param>
/// <param name="IsAlive">Interval of the thorough check.</param>
/// <param name="Timeout">Time allowed for one check.</param>
/// <param name="Threshold">Consecutive failed checks that fail the resource.</param>
/// <param name="StartTimeout">Time allowed for the first successful check after start.</param>
public sealed record ProbeSpec(
    string? HttpUrl,
    string? TcpEndpoint,
    int ExpectStatus,
    TimeSpan LooksAlive,
    TimeSpan IsAlive,
    TimeSpan Timeout,
    int Threshold,
    TimeSpan StartTimeout)
{
    /// <summary>Defaults: 200, LooksAlive 1 s, IsAlive 10 s, timeout 2 s, 3 failures, 30 s to start.</summary>
    public static ProbeSpec Http(string url) => new(url, null, 200, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), 3, TimeSpan.FromSeconds(30));

    /// <summary>A TCP probe with the same defaults.</summary>
    public static ProbeSpec Tcp(string endpoint) => Http("") with { HttpUrl = null, TcpEndpoint = endpoint };
}
