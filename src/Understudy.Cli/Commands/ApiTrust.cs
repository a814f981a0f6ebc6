using System.Security.Cryptography.X509Certificates;
using Understudy.Core.Config;
using Understudy.Core.Security;
using Understudy.Node.Config;
using Understudy.Node.Security;

namespace Understudy.Cli.Commands;

/// <summary>
/// Which node certificates the CLI accepts on https:// (docs/api.md "TLS"): with a cluster file
/// whose key this user can read, the cluster's own API identity (<see cref="ApiIdentity"/>,
/// pinned: no CA, no host name); with <c>UNDERSTUDY_API_PIN</c> set (an admin machine without
/// the key), the certificate of that pin; with neither, only a certificate this machine's trust
/// store accepts. Never any certificate at all.
/// </summary>
internal sealed class ApiTrust
{
    /// <summary>The environment variable with the pin of the cluster's API certificate
    /// (<c>understudy token --api-pin</c> prints it).</summary>
    public const string PinVariable = "UNDERSTUDY_API_PIN";

    private readonly ApiIdentity[] _identities;
    private readonly string[] _pins;

    private ApiTrust(ApiIdentity[] identities, string[] pins)
    {
        _identities = identities;
        _pins = pins;
    }

    /// <summary>The system trust store only.</summary>
    public static ApiTrust System { get; } = new([], []);

    /// <summary>The trust for <paramref name="config"/>'s nodes (and <see cref="PinVariable"/>'s
    /// pin); says on <paramref name="error"/> when their API speaks TLS but neither the key nor a
    /// pin can check it.</summary>
    public static ApiTrust For(ClusterConfig? config, TextWriter? error = null)
    {
        string[] pins = Environment.GetEnvironmentVariable(PinVariable) is { Length: > 0 } pin ? [pin.Trim()] : [];
        if (config is null || !config.Nodes.Any(n => n.ApiTls))
        {
            return pins.Length == 0 ? System : new([], pins);
        }

        var (secret, why) = ClusterFileLoader.ResolveKey(config.Key);
        if (secret is null)
        {
            if (pins.Length == 0)
            {
                (error ?? Console.Error).WriteLine($"the nodes' API speaks TLS with the cluster's own certificate, checked against the cluster key or {PinVariable}: {why}; only a certificate this machine trusts will be accepted");
            }

            return new([], pins);
        }

        return new([ApiIdentity.Derive(ClusterKeys.Derive(secret, config.Name), config.Name)], pins);
    }

    /// <summary>A trust that accepts what this one or <paramref name="other"/> accepts (a
    /// scenario that talks to a host cluster and a guest cluster).</summary>
    public ApiTrust Or(ApiTrust other) => new([.. _identities, .. other._identities], [.. _pins, .. other._pins]);

    /// <summary><paramref name="handler"/> (a new one by default), made to accept only the
    /// certificates this trust accepts.</summary>
    public SocketsHttpHandler Handler(SocketsHttpHandler? handler = null)
    {
        handler ??= new SocketsHttpHandler();
        if (_identities.Length > 0 || _pins.Length > 0)
        {
            var (identities, pins) = (_identities, _pins);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && (identities.Any(i => i.Accepts(certificate)) || pins.Contains(ApiIdentity.PinOf(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())), StringComparer.Ordinal));
        }

        return handler;
    }

    /// <summary>An HTTP client with <see cref="Handler"/> and <paramref name="timeout"/>.</summary>
    public HttpClient Client(TimeSpan timeout) => new(Handler()) { Timeout = timeout };
}
