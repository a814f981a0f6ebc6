using System.Security.Cryptography;
using System.Text;

namespace Understudy.Core.Security;

/// <summary>
/// Independent sub-keys derived from the cluster secret with HKDF-SHA256 (RFC 5869), one per
/// use, so that a key leaked or misused in one protocol says nothing about the others.
/// </summary>
/// <remarks>The cluster name is the HKDF salt, so one secret reused by two clusters still gives
/// them different keys; the info string names the use and its version.</remarks>
public sealed class ClusterKeys
{
    /// <summary>Length of each derived key: the SHA-256 output size, as RFC 2104 recommends for HMAC keys.</summary>
    public const int KeySize = 32;

    private const string HeartbeatInfo = "understudy/heartbeat/v1";
    private const string TransportInfo = "understudy/raft-tls/v1";
    private const string ApiTokenInfo = "understudy/api-token/v1";
    private const string GuestAgentInfo = "understudy/guest-agent/v1";
    private const string ApiTlsInfo = "understudy/api-tls/v1";

    private readonly string _clusterName;

    private ClusterKeys(string clusterName, byte[] heartbeat, byte[] transport, byte[] apiToken, byte[] guestAgent, byte[] apiTls)
    {
        ApiTlsKey = apiTls;
        _clusterName = clusterName;
        HeartbeatKey = heartbeat;
        TransportKey = transport;
        ApiTokenKey = apiToken;
        GuestAgentKey = guestAgent;
    }

    /// <summary>Key of the heartbeat HMAC (info "understudy/heartbeat/v1").</summary>
    public ReadOnlyMemory<byte> HeartbeatKey { get; }

    /// <summary>Seed of the nodes' TLS identity on the Raft transport (info "understudy/raft-tls/v1").</summary>
    public ReadOnlyMemory<byte> TransportKey { get; }

    /// <summary>Seed of the nodes' TLS identity on the HTTP API (info "understudy/api-tls/v1"):
    /// the certificate every node presents and every client that holds the key pins.</summary>
    public ReadOnlyMemory<byte> ApiTlsKey { get; }

    /// <summary>Key that signs API tokens (info "understudy/api-token/v1").</summary>
    public ReadOnlyMemory<byte> ApiTokenKey { get; }

    /// <summary>Root of the guest agents' keys (info "understudy/guest-agent/v1"). A VM never holds
    /// it: each VM gets <see cref="ForVm"/> of it, so a guest can neither forge node heartbeats nor
    /// speak for another VM.</summary>
    public ReadOnlyMemory<byte> GuestAgentKey { get; }

    /// <summary>The key that VM <paramref name="vmName"/>'s guest agent signs its heartbeats and
    /// service reports with: HKDF-SHA256 of <paramref name="guestAgentKey"/> with no salt and info
    /// "understudy/guest-agent/v1/vm/" + the VM name.</summary>
    /// <exception cref="ArgumentException">The name or the key is empty.</exception>
    public static byte[] ForVm(ReadOnlySpan<byte> guestAgentKey, string vmName)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmName);
        if (guestAgentKey.IsEmpty)
        {
            throw new ArgumentException("The guest agent key is empty.", nameof(guestAgentKey));
        }

        return DeriveOne(guestAgentKey, [], GuestAgentInfo + "/vm/" + vmName);
    }

    /// <summary>Derives the sub-keys of <paramref name="clusterName"/> from its secret.</summary>
    /// <exception cref="ArgumentException">The secret or the name is empty.</exception>
    public static ClusterKeys Derive(ReadOnlySpan<byte> clusterSecret, string clusterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterName);
        if (clusterSecret.IsEmpty)
        {
            throw new ArgumentException("The cluster secret is empty.", nameof(clusterSecret));
        }

        var salt = Encoding.UTF8.GetBytes(clusterName);
        return new ClusterKeys(
            clusterName,
            DeriveOne(clusterSecret, salt, HeartbeatInfo),
            DeriveOne(clusterSecret, salt, TransportInfo),
            DeriveOne(clusterSecret, salt, ApiTokenInfo),
            DeriveOne(clusterSecret, salt, GuestAgentInfo),
            DeriveOne(clusterSecret, salt, ApiTlsInfo));
    }

    /// <summary>Names the cluster; never prints key material.</summary>
    public override string ToString() => $"ClusterKeys(cluster {_clusterName}, keys redacted)";

    private static byte[] DeriveOne(ReadOnlySpan<byte> secret, byte[] salt, string info)
    {
        var key = new byte[KeySize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, key, salt, Encoding.UTF8.GetBytes(info));
        return key;
    }
}
