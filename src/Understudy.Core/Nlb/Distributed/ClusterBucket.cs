using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net;
using System.Net.Sockets;

namespace Understudy.Core.Nlb.Distributed;

/// <summary>
/// The bucket of a new connection in distributed mode: what each host's packet filter computes,
/// so that Core (status, tests, the data plane) and nftables agree on every key. The filter is
/// <c>jhash KEY mod 1024 seed SEED</c> (<see cref="FilterScript"/>), and nftables hashes its
/// registers: the IPv4 source address (4 bytes, network order) for <c>single</c>, that address
/// with its last byte zeroed for <c>network</c>, and for <c>none</c> the address then the
/// source port, network order, padded with two zero bytes to a whole 32-bit register (8 bytes).
/// </summary>
public static class ClusterBucket
{
    /// <summary>The seed every host uses for <paramref name="clusterAddress"/>: derived from the
    /// address, never sent, so every host of one cluster file computes the same.</summary>
    public static uint Seed(IPAddress clusterAddress)
    {
        ArgumentNullException.ThrowIfNull(clusterAddress);
        return (uint)XxHash64.HashToUInt64(clusterAddress.GetAddressBytes(), AffinityKey.Seed);
    }

    /// <summary>The bucket (0..<see cref="BucketMap.BucketCount"/> − 1) of a connection from
    /// <paramref name="client"/>:<paramref name="port"/> under <paramref name="affinity"/>.</summary>
    public static int Of(Affinity affinity, IPAddress client, int port, uint seed)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }

        if (client.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("distributed mode hashes IPv4 clients only", nameof(client));
        }

        Span<byte> key = stackalloc byte[8];
        key.Clear();
        client.TryWriteBytes(key, out _);
        var length = 4;
        switch (affinity)
        {
            case Affinity.None:
                BinaryPrimitives.WriteUInt16BigEndian(key[4..], (ushort)port);
                length = 8;
                break;
            case Affinity.Network:
                key[3] = 0;
                break;
            case Affinity.Single:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(affinity), affinity, null);
        }

        return (int)KernelJhash.Scale(KernelJhash.Hash(key[..length], seed), BucketMap.BucketCount);
    }

    /// <summary>The nftables expression that computes <see cref="Of"/> for a packet of
    /// <paramref name="protocol"/> (tcp or udp).</summary>
    public static string Expression(Affinity affinity, string protocol, uint seed) => affinity switch
    {
        Affinity.Single => $"jhash ip saddr mod {BucketMap.BucketCount} seed 0x{seed:x8}",
        Affinity.Network => $"jhash ip saddr and 255.255.255.0 mod {BucketMap.BucketCount} seed 0x{seed:x8}",
        Affinity.None => $"jhash ip saddr . {protocol} sport mod {BucketMap.BucketCount} seed 0x{seed:x8}",
        _ => throw new ArgumentOutOfRangeException(nameof(affinity), affinity, null),
    };
}
