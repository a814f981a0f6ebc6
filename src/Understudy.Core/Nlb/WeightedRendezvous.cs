using System.Collections.Immutable;
using System.IO.Hashing;
using System.Text;

namespace Understudy.Core.Nlb;

/// <summary>
/// Builds bucket maps by weighted rendezvous (highest random weight) hashing: every member
/// scores every bucket with <c>-w / ln(u)</c>, u a uniform hash of (rule, member, bucket) in
/// (0, 1), and the highest score owns the bucket. This is the logarithmic method of
/// Schindelhauer and Schomaker, "Weighted distributed hash tables" (SPAA 2005): a member wins a
/// bucket with probability w / Σw, and adding or removing a member moves only the buckets it
/// wins or held. A score depends only on the member's own name and weight, so the map does not
/// depend on the order in which members are listed.
/// </summary>
public static class WeightedRendezvous
{
    /// <summary>The map of <paramref name="rule"/> over <paramref name="members"/> (name,
    /// weight 0-100). Members of weight 0 own nothing, as in Windows NLB.</summary>
    public static BucketMap Build(string rule, IEnumerable<(string Name, int Weight)> members)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var candidates = members.Where(m => m.Weight > 0).DistinctBy(m => m.Name).OrderBy(m => m.Name, StringComparer.Ordinal).ToArray();
        if (candidates.Length == 0)
        {
            return BucketMap.Empty(rule);
        }

        var seeds = candidates.Select(m => Seed(rule, m.Name)).ToArray();
        var owner = new short[BucketMap.BucketCount];
        var next = new short[BucketMap.BucketCount];
        for (var bucket = 0; bucket < BucketMap.BucketCount; bucket++)
        {
            (short Index, double Score) best = (-1, double.NegativeInfinity), second = (-1, double.NegativeInfinity);
            for (short i = 0; i < candidates.Length; i++)
            {
                var score = Score(candidates[i].Weight, seeds[i], bucket);
                // Strictly greater: on an exact tie the name that sorts first wins.
                if (score > best.Score)
                {
                    second = best;
                    best = (i, score);
                }
                else if (score > second.Score)
                {
                    second = (i, score);
                }
            }

            owner[bucket] = best.Index;
            next[bucket] = second.Index;
        }

        return new BucketMap(rule, [.. candidates.Select(m => m.Name)], owner, next);
    }

    /// <summary>A map where every bucket goes to the first of <paramref name="byPreference"/>,
    /// and its next owner is the second (single-host filtering mode).</summary>
    public static BucketMap Single(string rule, IReadOnlyList<string> byPreference)
    {
        ArgumentNullException.ThrowIfNull(byPreference);
        if (byPreference.Count == 0)
        {
            return BucketMap.Empty(rule);
        }

        var names = byPreference.Take(2).ToImmutableArray();
        var owner = new short[BucketMap.BucketCount];
        var next = new short[BucketMap.BucketCount];
        Array.Fill(next, (short)(names.Length > 1 ? 1 : -1));
        return new BucketMap(rule, names, owner, next);
    }

    internal static double Score(int weight, ulong seed, int bucket)
    {
        var hash = Mix(seed ^ ((ulong)(uint)bucket * 0x9E37_79B9_7F4A_7C15UL));
        // The top 53 bits plus one half: uniform in the open interval (0, 1), never 0 or 1.
        var u = ((hash >> 11) + 0.5) * (1.0 / (1UL << 53));
        return -weight / Math.Log(u);
    }

    private static ulong Seed(string rule, string member) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{rule}\0{member}"));

    // SplitMix64's finalizer (Steele, Lea and Flood, "Fast splittable pseudorandom number
    // generators", OOPSLA 2014): a cheap full-avalanche mix of the seed and the bucket.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
