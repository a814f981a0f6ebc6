using System.Collections.Concurrent;

namespace Understudy.Node.Nlb;

/// <summary>Connections this node forwards right now, per member (HTTP requests in flight count
/// as connections). Drainstop waits for these to reach zero on every node.</summary>
internal sealed class NlbConnections
{
    private readonly ConcurrentDictionary<string, StrongBox> _open = new(StringComparer.Ordinal);

    /// <summary>Counts one open connection to <paramref name="member"/> until disposed.</summary>
    public Lease Open(string member)
    {
        var box = _open.GetOrAdd(member, _ => new StrongBox());
        Interlocked.Increment(ref box.Value);
        return new Lease(box);
    }

    /// <summary>Open connections to <paramref name="member"/>.</summary>
    public long OpenTo(string member) => _open.TryGetValue(member, out var box) ? Volatile.Read(ref box.Value) : 0;

    /// <summary>Every member with its count.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => _open.ToDictionary(p => p.Key, p => Volatile.Read(ref p.Value.Value), StringComparer.Ordinal);

    /// <summary>A counter cell.</summary>
    internal sealed class StrongBox
    {
        public long Value;
    }

    /// <summary>Decrements its counter once when disposed.</summary>
    internal struct Lease(StrongBox box) : IDisposable
    {
        private StrongBox? _box = box;

        public void Dispose()
        {
            if (_box is { } b)
            {
                Interlocked.Decrement(ref b.Value);
                _box = null;
            }
        }
    }
}
