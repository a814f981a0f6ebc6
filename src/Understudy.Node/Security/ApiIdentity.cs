using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Understudy.Core.Security;

namespace Understudy.Node.Security;

/// <summary>
/// The TLS identity of the cluster's HTTP API (docs/api.md "TLS"): a certificate derived from the
/// cluster key's API sub-key, the same on every node, as the Raft transport's is. A client that
/// holds the key (another node, the CLI) derives it too and accepts only a server that proves
/// possession of that key pair: the certificate is pinned, so there is no CA to trust and no
/// host name to match, and a machine without the key cannot pose as a node.
/// </summary>
public sealed class ApiIdentity : IDisposable
{
    private readonly TransportIdentity _identity;

    private ApiIdentity(TransportIdentity identity) => _identity = identity;

    /// <summary>The certificate a node's API presents, with its private key.</summary>
    public X509Certificate2 Certificate => _identity.Certificate;

    /// <summary>The identity's pin, for a client without the key (<c>UNDERSTUDY_API_PIN</c>,
    /// <c>understudy token --api-pin</c>): "sha256//" and the Base64 SHA-256 of the certificate's
    /// SubjectPublicKeyInfo, as HTTP public key pinning (RFC 7469) and curl's --pinnedpubkey write it.</summary>
    public string Pin => PinOf(Certificate);

    /// <summary>The pin of any certificate (see <see cref="Pin"/>).</summary>
    public static string PinOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return "sha256//" + Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>Derives the identity of cluster <paramref name="clusterName"/>.</summary>
    public static ApiIdentity Derive(ClusterKeys keys, string clusterName)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new(TransportIdentity.Derive(keys.ApiTlsKey.Span, clusterName, "api"));
    }

    /// <summary>Whether <paramref name="certificate"/> proves possession of this identity's key pair.</summary>
    public bool Accepts(X509Certificate? certificate) => _identity.IsClusterPeer(certificate);

    /// <summary>Makes <paramref name="handler"/> accept, on https:// URLs, only a server that
    /// presents this identity; plain http:// calls are unaffected.</summary>
    public SocketsHttpHandler Trust(SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        handler.SslOptions.RemoteCertificateValidationCallback = _identity.Validate;
        return handler;
    }

    /// <summary><see cref="Trust"/>, and presenting this identity as the client certificate: a
    /// node's own calls to another node, which that node takes as internal calls by the
    /// certificate alone, with no token (docs/api.md "Tokens").</summary>
    public SocketsHttpHandler AsPeer(SocketsHttpHandler handler)
    {
        Trust(handler).SslOptions.ClientCertificates = [Certificate];
        return handler;
    }

    public void Dispose() => _identity.Dispose();
}
