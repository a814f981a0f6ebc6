using Microsoft.Extensions.Time.Testing;

namespace Understudy.Simulation.Tests.Network;

/// <summary>
/// A deterministic in-process datagram network: a seeded <see cref="Random"/> decides drops and
/// delays, partitions cut links, and the one <see cref="FakeTimeProvider"/> is the only clock.
/// Like UDP it may drop and reorder, never corrupts or duplicates on its own.
/// </summary>
internal sealed class SimulatedNetwork
{
    private readonly FakeTimeProvider _time;
    private readonly long _origin;
    private readonly Random _random;
    private readonly PriorityQueue<InFlightDatagram, (TimeSpan DeliverAt, long Order)> _inFlight = new();
    private readonly Dictionary<(string From, string To), double> _linkDrop = [];
    private readonly List<(HashSet<string> Left, HashSet<string> Right)> _partitions = [];
    private long _sent;

    public SimulatedNetwork(FakeTimeProvider time, int seed)
    {
        _time = time;
        _origin = time.GetTimestamp();
        _random = new Random(seed);
    }

    /// <summary>Raised for every datagram handed to the network, before drops: a wire tap.</summary>
    public event Action<InFlightDatagram>? Sent;

    /// <summary>Elapsed time on the simulation's timeline, read from the fake clock.</summary>
    public TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>Drop probability of every link without its own setting.</summary>
    public double DropProbability { get; set; }

    /// <summary>Shortest one-way delay.</summary>
    public TimeSpan MinDelay { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Longest one-way delay; each datagram's delay is uniform between the two (jitter).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>When the next datagram is due, or null when the wire is empty.</summary>
    public TimeSpan? NextDelivery => _inFlight.TryPeek(out var datagram, out _) ? datagram.DeliverAt : null;

    public void SetDropProbability(string from, string to, double probability) => _linkDrop[(from, to)] = probability;

    /// <summary>Cuts every link between the two sets, both ways, until <see cref="Heal"/>.</summary>
    public void Partition(IEnumerable<string> left, IEnumerable<string> right) =>
        _partitions.Add(([.. left], [.. right]));

    public void Heal() => _partitions.Clear();

    public bool IsCut(string from, string to) =>
        _partitions.Exists(p => (p.Left.Contains(from) && p.Right.Contains(to)) || (p.Right.Contains(from) && p.Left.Contains(to)));

    public void Send(string from, string to, byte[] payload)
    {
        var delay = MinDelay + ((MaxDelay - MinDelay) * _random.NextDouble());
        var datagram = new InFlightDatagram(from, to, payload, Now + delay);
        Sent?.Invoke(datagram);

        // Draw the drop even for cut links so a partition does not shift the random sequence.
        var drop = _random.NextDouble() < _linkDrop.GetValueOrDefault((from, to), DropProbability);
        if (drop || IsCut(from, to))
        {
            return;
        }

        _inFlight.Enqueue(datagram, (datagram.DeliverAt, _sent++));
    }

    /// <summary>Takes the next datagram due at or before <see cref="Now"/>. A partition that
    /// started while it was in flight still stops it.</summary>
    public bool TryReceive(out InFlightDatagram datagram)
    {
        while (_inFlight.TryPeek(out var next, out _) && next.DeliverAt <= Now)
        {
            _inFlight.Dequeue();
            if (!IsCut(next.From, next.To))
            {
                datagram = next;
                return true;
            }
        }

        datagram = null!;
        return false;
    }
}
