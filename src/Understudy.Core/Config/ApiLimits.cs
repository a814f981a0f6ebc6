namespace Understudy.Core.Config;

/// <summary>The optional <c>api:</c> section: limits and transport of every node's HTTP API (docs/api.md).</summary>
public sealed record ApiLimits
{
    /// <summary>Default largest request body: 1 MiB. A role of the largest size allowed
    /// (<see cref="Failover.RoleDefinition.MaxResources"/> resources of a few lines each) is
    /// well under it; Kestrel's own default of 30 MB lets a client make a node parse 30 MB.</summary>
    public const int DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Smallest setting: 64 KiB, still room for any one command or report.</summary>
    public const int MinMaxRequestBodyBytes = 64 * 1024;

    /// <summary>Largest setting: 64 MiB.</summary>
    public const int MaxMaxRequestBodyBytes = 64 * 1024 * 1024;

    /// <summary>The defaults.</summary>
    public static ApiLimits Default { get; } = new();

    /// <summary>Largest request body a node reads, in bytes; a larger one is refused with 413
    /// before it is parsed (<c>api.maxRequestBodyBytes</c>).</summary>
    public int MaxRequestBodyBytes { get; init; } = DefaultMaxRequestBodyBytes;

    /// <summary>Whether the API speaks TLS (<c>api.tls</c>); default <see cref="ApiTls.Auto"/>:
    /// on for every API address that is not loopback.</summary>
    public ApiTls Tls { get; init; } = ApiTls.Auto;
}
