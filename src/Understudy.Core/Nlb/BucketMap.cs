using System.Collections.Immutable;

namespace Understudy.Core.Nlb;

/// <summary>
/// Which member owns each bucket of one port rule, and which member would own it next (the
/// retry target when a connect to the owner fails). Immutable; derived from committed state.
/// </summary>
public sealed class BucketMap
{
    /// <summary>
    /// Buckets per rule. Weighted rendezvous hashing places each bucket independently, so a
    /// member's share deviates from its weight by about sqrt(p(1-p)/B): with Windows NLB's 60
    /// buckets that is ±6 points for an even three-way split, with 1024 about ±1.5. A map is
    /// 4 KB per rule and rebuilt in well under a millisecond.
    /// </summary>
    public const int BucketCount = 1024;

    private readonly short[] _owner;
    private readonly short[] _next;

    internal BucketMap(string rule, ImmutableArray<string> members, short[] owner, short[] next)
    {
        Rule = rule;
        Members = members;
        _owner = owner;
        _next = next;
    }

    /// <summary>The rule's name.</summary>
    public string Rule { get; }

    /// <summary>The members that can own buckets, sorted by name.</summary>
    public ImmutableArray<string> Members { get; }

    /// <summary>A map where nobody owns anything (a disabled rule, or no started member).</summary>
    public static BucketMap Empty(string rule)
    {
        var none = new short[BucketCount];
        Array.Fill(none, (short)-1);
        return new BucketMap(rule, [], none, none);
    }

    /// <summary>The owner of <paramref name="bucket"/>, or null if nobody may take it.</summary>
    public string? OwnerOf(int bucket) => At(_owner, bucket);

    /// <summary>Who would own <paramref name="bucket"/> if its owner left, or null.</summary>
    public string? NextOwnerOf(int bucket) => At(_next, bucket);

    /// <summary>How many buckets <paramref name="member"/> owns.</summary>
    public int BucketsOwnedBy(string member)
    {
        var index = Members.IndexOf(member, StringComparer.Ordinal);
        return index < 0 ? 0 : _owner.Count(o => o == index);
    }

    /// <summary>Owners of every bucket, for comparing maps.</summary>
    public ImmutableArray<string?> Owners() => [.. Enumerable.Range(0, BucketCount).Select(OwnerOf)];

    private string? At(short[] table, int bucket) => table[bucket] is var i and >= 0 ? Members[i] : null;
}
