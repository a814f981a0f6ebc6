using System.Collections.Concurrent;
using Understudy.Core.Nlb;

namespace Understudy.Node.Nlb;

/// <summary>
/// Extended-affinity memory: which member each recent client of a rule went to, and when. Each
/// node remembers what it routed itself and learns what the others routed (<see cref="AffinityGossip"/>),
/// because the kernel may hand a client's next connection to any node.
/// </summary>
internal sealed class AffinityMemory(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Rule, ulong Key), Entry> _entries = new();

    /// <summary>The member <paramref name="key"/> last went to under <paramref name="rule"/> and how long ago.</summary>
    public bool TryGet(string rule, ulong key, out string member, out TimeSpan age)
    {
        if (_entries.TryGetValue((rule, key), out var entry))
        {
            member = entry.Member;
            age = time.GetElapsedTime(entry.Seen);
            return true;
        }

        member = "";
        age = TimeSpan.MaxValue;
        return false;
    }

    /// <summary>This node routed <paramref name="key"/> to <paramref name="member"/> now.</summary>
    public void Remember(string rule, ulong key, string member) => _entries[(rule, key)] = new Entry(member, time.GetTimestamp(), Local: true);

    /// <summary>What another node routed: kept where it is newer than what this node knows.</summary>
    public void Merge(IEnumerable<AffinityNote> notes)
    {
        var now = time.GetTimestamp();
        foreach (var note in notes)
        {
            var age = TimeSpan.FromMilliseconds(Math.Max(0, note.AgeMs));
            var seen = now - (long)(age.TotalSeconds * time.TimestampFrequency);
            _entries.AddOrUpdate(
                (note.Rule, note.Key),
                _ => new Entry(note.Member, seen, Local: false),
                (_, current) => ExtendedAffinity.Replaces(age, time.GetElapsedTime(current.Seen)) ? new Entry(note.Member, seen, Local: false) : current);
        }
    }

    /// <summary>What this node itself routed since <paramref name="since"/> (a timestamp), to pass on.</summary>
    public List<AffinityNote> LocalSince(long since) =>
        [.. _entries.Where(e => e.Value.Local && e.Value.Seen > since)
            .Select(e => new AffinityNote(e.Key.Rule, e.Key.Key, e.Value.Member, (long)time.GetElapsedTime(e.Value.Seen).TotalMilliseconds))];

    /// <summary>Forgets clients not seen for <paramref name="longest"/> (the longest rule timeout).</summary>
    public void Prune(TimeSpan longest)
    {
        foreach (var (key, entry) in _entries)
        {
            if (!ExtendedAffinity.Keeps(time.GetElapsedTime(entry.Seen), longest))
            {
                _entries.TryRemove(new KeyValuePair<(string, ulong), Entry>(key, entry));
            }
        }
    }

    private readonly record struct Entry(string Member, long Seen, bool Local);
}
