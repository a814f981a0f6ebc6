using System.IO.Hashing;
using System.Net;
using System.Net.Sockets;

namespace Understudy.Core.Nlb;

/// <summary>
/// Hashes a client's address to the bucket of a port rule. The hash is XxHash64 with a fixed
/// seed, so every node and every run computes the same bucket (never
/// <see cref="string.GetHashCode()"/>, which is randomised per process).
/// </summary>
public static class AffinityKey
{
    internal const long Seed = 0x4e4c_4255_636b_6574; // "NLBucket"

    /// <summary>The bucket of a connection from <paramref name="client"/>:<paramref name="port"/>.</summary>
    public static int Bucket(Affinity affinity, IPAddress client, int port) => (int)(Hash(affinity, client, port) % BucketMap.BucketCount);

    /// <summary>The 64-bit key hash: client IP and port for None, client IP for Single, the /24
    /// (IPv4) or /64 (IPv6) for Network. IPv4-mapped IPv6 addresses hash as IPv4.</summary>
    public static ulong Hash(Affinity affinity, IPAddress client, int port)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }

        Span<byte> key = stackalloc byte[20];
        if (!client.TryWriteBytes(key, out var length))
        {
            throw new ArgumentException("not an IPv4 or IPv6 address", nameof(client));
        }

        switch (affinity)
        {
            case Affinity.None:
                key[length++] = (byte)(port >> 8);
                key[length++] = (byte)port;
                break;
            case Affinity.Network:
                var prefix = client.AddressFamily == AddressFamily.InterNetwork ? 3 : 8;
                key[prefix..length].Clear();
                break;
            case Affinity.Single:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(affinity), affinity, null);
        }

        return XxHash64.HashToUInt64(key[..length], Seed);
    }
}
