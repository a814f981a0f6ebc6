using System.Buffers.Binary;
using System.Numerics;

namespace Understudy.Core.Nlb.Distributed;

/// <summary>
/// The Linux kernel's <c>jhash()</c> (include/linux/jhash.h): Bob Jenkins' lookup3 hash
/// ("hashlittle", 2006) with the kernel's initial value 0xdeadbeef, reading 32-bit words little
/// endian as an x86 or arm64 kernel does. nftables' <c>jhash</c> expression is this function over
/// its source registers, scaled to the modulus (<see cref="Scale"/>); Core computes the same
/// buckets as the hosts' packet filters with it.
/// </summary>
public static class KernelJhash
{
    private const uint InitialValue = 0xdeadbeef;

    /// <summary><c>jhash(key, key.Length, seed)</c>.</summary>
    public static uint Hash(ReadOnlySpan<byte> key, uint seed)
    {
        var a = unchecked(InitialValue + (uint)key.Length + seed);
        var b = a;
        var c = a;
        while (key.Length > 12)
        {
            a += BinaryPrimitives.ReadUInt32LittleEndian(key);
            b += BinaryPrimitives.ReadUInt32LittleEndian(key[4..]);
            c += BinaryPrimitives.ReadUInt32LittleEndian(key[8..]);
            Mix(ref a, ref b, ref c);
            key = key[12..];
        }

        if (key.Length == 0)
        {
            return c;
        }

        // The last 1..12 bytes, each added at its place in the three words (missing ones are 0).
        Span<byte> tail = stackalloc byte[12];
        tail.Clear();
        key.CopyTo(tail);
        a += BinaryPrimitives.ReadUInt32LittleEndian(tail);
        b += BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]);
        c += BinaryPrimitives.ReadUInt32LittleEndian(tail[8..]);
        Final(ref a, ref b, ref c);
        return c;
    }

    /// <summary>The kernel's <c>reciprocal_scale(hash, modulus)</c>, as nft_jhash_eval maps a hash
    /// to <c>mod N</c>: the top bits of the product, not the remainder.</summary>
    public static uint Scale(uint hash, uint modulus) => (uint)(((ulong)hash * modulus) >> 32);

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= BitOperations.RotateLeft(c, 4); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 6); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 8); b += a;
        a -= c; a ^= BitOperations.RotateLeft(c, 16); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 19); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= BitOperations.RotateLeft(b, 14);
        a ^= c; a -= BitOperations.RotateLeft(c, 11);
        b ^= a; b -= BitOperations.RotateLeft(a, 25);
        c ^= b; c -= BitOperations.RotateLeft(b, 16);
        a ^= c; a -= BitOperations.RotateLeft(c, 4);
        b ^= a; b -= BitOperations.RotateLeft(a, 14);
        c ^= b; c -= BitOperations.RotateLeft(b, 24);
    }
}
