using System.Collections.Concurrent;

namespace Understudy.Node.Nlb;

/// <summary>Connections this node forwards right now, per member (HTTP requests in flight count
/// as connections). Drainstop waits for these to reach zero on every node; <see cref="Drop"/>
/// cuts them when the member is stopped (Windows NLB's <c>stop</c> drops open connections).</summary>
internal sealed class NlbConnections
{
    private readonly ConcurrentDictionary<string, Cell> _open = new(StringComparer.Ordinal);

    /// <summary>Counts one open connection to <paramref name="member"/> until disposed. Its
    /// <see cref="Lease.Dropped"/> token fires if the member's connections are dropped.</summary>
    public Lease Open(string member)
    {
        var cell = _open.GetOrAdd(member, _ => new Cell());
        Interlocked.Increment(ref cell.Value);
        return new Lease(cell, cell.DropToken);
    }

    /// <summary>Open connections to <paramref name="member"/>.</summary>
    public long OpenTo(string member) => _open.TryGetValue(member, out var cell) ? Volatile.Read(ref cell.Value) : 0;

    /// <summary>Every member with its count.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => _open.ToDictionary(p => p.Key, p => Volatile.Read(ref p.Value.Value), StringComparer.Ordinal);

    /// <summary>Cuts every connection to <paramref name="member"/> opened so far; later ones get a
    /// fresh token.</summary>
    public void Drop(string member)
    {
        if (_open.TryGetValue(member, out var cell))
        {
            cell.Drop();
        }
    }

    /// <summary>A member's counter and the token its connections watch.</summary>
    internal sealed class Cell
    {
        public long Value;
        private CancellationTokenSource _drop = new();

        public CancellationToken DropToken => Volatile.Read(ref _drop).Token;

        public void Drop()
        {
            var old = Interlocked.Exchange(ref _drop, new CancellationTokenSource());
            old.Cancel();
            old.Dispose();
        }
    }

    /// <summary>Decrements its counter once when disposed.</summary>
    internal struct Lease(Cell cell, CancellationToken dropped) : IDisposable
    {
        private Cell? _cell = cell;

        /// <summary>Fires when the member's connections are dropped (it was stopped).</summary>
        public readonly CancellationToken Dropped => dropped;

        public void Dispose()
        {
            if (_cell is { } c)
            {
                Interlocked.Decrement(ref c.Value);
                _cell = null;
            }
        }
    }
}
