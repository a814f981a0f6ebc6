namespace Understudy.Core.Chaos;

/// <summary>
/// Among operations with a number each (a value, a token), the one with the largest number that
/// completed before a given instant: sorted by completion once, with a running maximum, then a
/// binary search per question — O(n log n) for a history instead of comparing every pair.
/// </summary>
internal sealed class PrecedingMaximum
{
    private readonly long[] _completed;
    private readonly KvOperation[] _best;
    private readonly long[] _max;

    public PrecedingMaximum(IEnumerable<(KvOperation Operation, long Number)> items)
    {
        var sorted = items.OrderBy(i => i.Operation.CompletedAt).ToArray();
        _completed = [.. sorted.Select(i => i.Operation.CompletedAt)];
        _best = new KvOperation[sorted.Length];
        _max = new long[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            var keep = i > 0 && _max[i - 1] >= sorted[i].Number;
            _max[i] = keep ? _max[i - 1] : sorted[i].Number;
            _best[i] = keep ? _best[i - 1] : sorted[i].Operation;
        }
    }

    /// <summary>The operation with the largest number among those completed strictly before <paramref name="instant"/>, or null.</summary>
    public (KvOperation Operation, long Number)? Before(long instant)
    {
        // Index of the first completion at or after the instant; everything before it qualifies.
        var index = Array.BinarySearch(_completed, instant);
        if (index < 0)
        {
            index = ~index;
        }
        else
        {
            while (index > 0 && _completed[index - 1] == instant)
            {
                index--;
            }
        }

        return index == 0 ? null : (_best[index - 1], _max[index - 1]);
    }
}
