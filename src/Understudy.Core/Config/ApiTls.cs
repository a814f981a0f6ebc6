using System.Net;

namespace Understudy.Core.Config;

/// <summary>Whether a node's HTTP API speaks TLS (<c>api.tls</c>, docs/api.md "TLS").</summary>
public enum ApiTls
{
    /// <summary>The default: TLS unless the API listens on a loopback address, where only this
    /// host can reach it (the demo cluster, tests).</summary>
    Auto,

    /// <summary>TLS on every address, loopback too.</summary>
    On,

    /// <summary>Plain HTTP everywhere: only for a management network protected by other means.
    /// The token still guards every change, but it and every answer cross the wire readable.</summary>
    Off,
}

/// <summary>The rule of <see cref="ApiTls"/>.</summary>
public static class ApiTlsRule
{
    /// <summary>Whether an API listening on <paramref name="address"/> speaks TLS under <paramref name="mode"/>.</summary>
    public static bool IsOn(ApiTls mode, IPAddress address) => mode switch
    {
        ApiTls.On => true,
        ApiTls.Off => false,
        _ => !IPAddress.IsLoopback(address),
    };
}
