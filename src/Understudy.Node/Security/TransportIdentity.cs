using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Understudy.Node.Security;

/// <summary>
/// A TLS identity derived from the cluster key, so that Raft traffic between nodes is encrypted
/// and mutually authenticated without a PKI: every node holding the key derives the same P-256
/// key pair (private scalar = HKDF of the key) and presents a self-signed certificate for it;
/// a peer is accepted only if its certificate carries that same public key. A node with another
/// key cannot complete a handshake, so it can neither vote nor replicate.
/// </summary>
internal sealed class TransportIdentity : IDisposable
{
    private readonly byte[] _publicKey;

    private TransportIdentity(X509Certificate2 certificate)
    {
        Certificate = certificate;
        _publicKey = certificate.GetPublicKey();
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Derives the identity from a sub-key of the cluster key: the Raft transport's
    /// (<see cref="Core.Security.ClusterKeys.TransportKey"/>) or the API's
    /// (<see cref="Core.Security.ClusterKeys.ApiTlsKey"/>, <paramref name="use"/> "api").</summary>
    public static TransportIdentity Derive(ReadOnlySpan<byte> transportKey, string clusterName, string? use = null)
    {
        var scalar = HKDF.DeriveKey(HashAlgorithmName.SHA256, transportKey.ToArray(), 32, info: "understudy/p256-scalar/v1"u8.ToArray());
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar });
        var request = new CertificateRequest(use is null ? $"CN=understudy-{clusterName}" : $"CN=understudy-{clusterName}-{use}", ecdsa, HashAlgorithmName.SHA256);
        using var ephemeral = request.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero));

        // Round-trip through PKCS#12 so SslStream can use the private key on every platform.
        var pfx = ephemeral.Export(X509ContentType.Pkcs12);
        return new TransportIdentity(X509CertificateLoader.LoadPkcs12(pfx, null));
    }

    /// <summary>True when the peer proved possession of the cluster's key pair.</summary>
    public bool IsClusterPeer(X509Certificate? remote) =>
        remote is not null && CryptographicOperations.FixedTimeEquals(remote.GetPublicKey(), _publicKey);

    /// <summary>Certificate validation callback for both TLS directions.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        IsClusterPeer(certificate);

    public void Dispose() => Certificate.Dispose();
}
