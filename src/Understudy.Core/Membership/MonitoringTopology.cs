using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Understudy.Core.Membership;

/// <summary>
/// Who watches whom: each member (the <em>subject</em>) sends heartbeats only to its
/// <c>k</c> <em>observers</em>, and only they run a failure detector on it. Up to <c>k + 1</c>
/// members this is all-to-all, exactly what small clusters do today; above that it is Rapid's
/// expander (Suresh et al., "Stable and Consistent Membership at Scale with Rapid", USENIX ATC
/// 2018): <c>k</c> pseudo-random rings over the members, each ordered by a hash of the member's
/// name and the ring's number, and a subject's observer on ring <c>r</c> is its successor there
/// (the next one along when that member already watches it). Every member then has exactly
/// <c>k</c> distinct observers and watches about <c>k</c> subjects, so heartbeats per member per
/// second are <c>O(k)</c> whatever the cluster's size, and a subject's observers are spread over
/// the cluster instead of being its neighbours in one list (a rack that fails together does not
/// take all observers of a node with it).
/// </summary>
/// <remarks>
/// Pure and deterministic: every node computes the same topology from the same member list (the
/// committed database's live members), in any order. Why an expander rather than SWIM's random
/// probing (memberlist, Lifeguard): a fixed set of <c>k</c> observers per subject gives each
/// detector a steady stream of beats to judge (the threshold and phi detectors of
/// <c>Core/Detection</c> work unchanged), and a Down verdict needs a majority of those observers
/// (<see cref="ObserverQuorum"/>), so one observer's loss burst or stall is never enough — where
/// SWIM needs suspicion timeouts and indirect probes to get the same, with detection times that
/// vary with the random probe order.
/// </remarks>
public sealed class MonitoringTopology
{
    /// <summary>Observers per subject by default: 8. Rapid uses 10; 8 keeps a 9-node cluster
    /// all-to-all (as today) and gives a Down verdict a majority of 5 independent observers.</summary>
    public const int DefaultObservers = 8;

    private static readonly string[] None = [];
    private readonly Dictionary<string, string[]> _observers;
    private readonly Dictionary<string, string[]> _subjects;

    private MonitoringTopology(Dictionary<string, string[]> observers, Dictionary<string, string[]> subjects, bool allToAll)
    {
        _observers = observers;
        _subjects = subjects;
        IsAllToAll = allToAll;
    }

    /// <summary>True when every member watches every other (at most <c>k + 1</c> members).</summary>
    public bool IsAllToAll { get; }

    /// <summary>The topology over <paramref name="members"/> (distinct names, any order) with
    /// <paramref name="observers"/> observers per subject.</summary>
    /// <exception cref="ArgumentException">A name repeats, or <paramref name="observers"/> is below 1.</exception>
    public static MonitoringTopology Create(IEnumerable<string> members, int observers = DefaultObservers)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentOutOfRangeException.ThrowIfLessThan(observers, 1);
        var sorted = members.Order(StringComparer.Ordinal).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] == sorted[i - 1])
            {
                throw new ArgumentException($"member '{sorted[i]}' is listed twice", nameof(members));
            }
        }

        var watchers = sorted.ToDictionary(m => m, _ => new List<string>(observers), StringComparer.Ordinal);
        var allToAll = sorted.Length - 1 <= observers;
        if (allToAll)
        {
            foreach (var subject in sorted)
            {
                watchers[subject].AddRange(sorted.Where(m => m != subject));
            }
        }
        else
        {
            for (var ring = 0; ring < observers; ring++)
            {
                var order = sorted.OrderBy(m => RingPosition(m, ring)).ThenBy(m => m, StringComparer.Ordinal).ToArray();
                for (var i = 0; i < order.Length; i++)
                {
                    var list = watchers[order[i]];
                    // The successor on this ring, or the next one that does not watch it yet;
                    // with more than k + 1 members one always exists.
                    for (var step = 1; ; step++)
                    {
                        var candidate = order[(i + step) % order.Length];
                        if (!list.Contains(candidate))
                        {
                            list.Add(candidate);
                            break;
                        }
                    }
                }
            }
        }

        var subjects = sorted.ToDictionary(m => m, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (subject, list) in watchers)
        {
            foreach (var observer in list)
            {
                subjects[observer].Add(subject);
            }
        }

        return new MonitoringTopology(
            watchers.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal),
            subjects.ToDictionary(p => p.Key, p => p.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal),
            allToAll);
    }

    /// <summary>The members that watch <paramref name="subject"/> (the ones it sends heartbeats
    /// to), in ring order; empty for a name that is not a member.</summary>
    public IReadOnlyList<string> ObserversOf(string subject) => _observers.GetValueOrDefault(subject, None);

    /// <summary>The members <paramref name="observer"/> watches (runs a detector on), in name
    /// order; empty for a name that is not a member.</summary>
    public IReadOnlyList<string> SubjectsOf(string observer) => _subjects.GetValueOrDefault(observer, None);

    // A member's place on one ring: the first 8 bytes of XxHash64(ring number, name). Stable
    // across processes, runtimes and machines (string.GetHashCode is randomised per process).
    private static ulong RingPosition(string member, int ring)
    {
        Span<byte> seed = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(seed, ring);
        var hash = new XxHash64();
        hash.Append(seed);
        hash.Append(Encoding.UTF8.GetBytes(member));
        return hash.GetCurrentHashAsUInt64();
    }
}
