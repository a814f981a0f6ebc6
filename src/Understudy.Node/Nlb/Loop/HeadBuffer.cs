using System.Buffers;
using Understudy.Core.Nlb.Http1;

namespace Understudy.Node.Nlb.Loop;

/// <summary>Collects a message head that arrives in more than one read (a pooled buffer, held only
/// meanwhile); a head within one read is used where it lies.</summary>
internal sealed class HeadBuffer(int limit)
{
    private byte[]? _bytes;
    private int _count;

    /// <summary>What <see cref="Take"/> found.</summary>
    public enum Result { Complete, Incomplete, TooLarge }

    /// <summary>Whether part of a head is held.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>Looks for the end of the head in what is held plus <paramref name="data"/>.
    /// <paramref name="used"/> is how many of <paramref name="data"/>'s bytes were taken; a complete
    /// <paramref name="head"/> is valid until <see cref="Clear"/>.</summary>
    public Result Take(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> head, out int used)
    {
        head = default;
        if (_count == 0)
        {
            var end = Http1Heads.FindEnd(data);
            if (end > limit)
            {
                // The limit holds for a head within one read too (one read can carry 64 KiB).
                used = 0;
                return Result.TooLarge;
            }

            if (end >= 0)
            {
                head = data[..end];
                used = end;
                return Result.Complete;
            }

            if (data.Length > limit)
            {
                used = 0;
                return Result.TooLarge;
            }
        }

        _bytes ??= ArrayPool<byte>.Shared.Rent(limit);
        var old = _count;
        var copied = Math.Min(data.Length, limit - old);
        data[..copied].CopyTo(_bytes.AsSpan(old));
        _count += copied;
        var from = Math.Max(0, old - 3);
        var found = Http1Heads.FindEnd(_bytes.AsSpan(from, _count - from));
        if (found >= 0)
        {
            head = _bytes.AsSpan(0, from + found);
            used = from + found - old;
            return Result.Complete;
        }

        used = copied;
        return _count >= limit ? Result.TooLarge : Result.Incomplete;
    }

    public void Clear()
    {
        if (_bytes is { } bytes)
        {
            ArrayPool<byte>.Shared.Return(bytes);
            _bytes = null;
        }

        _count = 0;
    }
}
