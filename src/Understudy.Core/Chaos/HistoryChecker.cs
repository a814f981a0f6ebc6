namespace Understudy.Core.Chaos;

/// <summary>
/// Checks a chaos run's kv history, in the spirit of Jepsen's Knossos/Elle but for the shape the
/// chaos clients make: every key has one writer that writes 1, 2, 3, … in order, so a register's
/// values only grow and the checks reduce to real-time order (an operation that completed before
/// another was invoked happened before it) and maxima:
/// <list type="bullet">
/// <item>no acknowledged write lost: a read invoked after a write's acknowledgement finds at least its value;</item>
/// <item>reads never go backwards: a read invoked after another read completed finds at least its value, and a data token at least as new as any seen before;</item>
/// <item>a read finds only values some write (not certainly refused) sent before the read ended;</item>
/// <item>no older-token write accepted after a newer token was seen (acknowledged or read);</item>
/// <item>fencing tokens grow: a token belongs to one ownership, on one node; a later instance never has a lower
/// token than an earlier one, and two instances under one token are the same node's restarts in place, never alive
/// at once (the previous seen for the last time before the next is seen first). A restart in place keeps the
/// token by design (<see cref="Failover.RoleRestarted"/>); a new incarnation of the node does not
/// (<see cref="Failover.IncarnationTokens"/>).</item>
/// </list>
/// Unknown outcomes are writes that may have happened, at any time after they were sent: they may
/// explain a value, even a lower one read after a higher was acknowledged (the unknown request
/// was applied late, which the kv service does not fence within one owner), never lose one.
/// </summary>
public static class HistoryChecker
{
    /// <summary>Every violation in the history, in a stable order (by kind, then by time).</summary>
    public static IReadOnlyList<HistoryViolation> Check(IReadOnlyList<KvOperation> history, IReadOnlyList<OwnerObservation> owners)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(owners);
        var found = new List<HistoryViolation>();
        var reads = history.Where(o => o is { Kind: KvOperationKind.Read, Outcome: KvOutcome.Ok }).OrderBy(o => o.InvokedAt).ToList();
        var writes = history.Where(o => o.Kind == KvOperationKind.Write).ToList();
        foreach (var key in history.Select(o => o.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            CheckKey(key, [.. reads.Where(r => r.Key == key)], [.. writes.Where(w => w.Key == key)], found);
        }

        CheckTokens(reads, writes, found);
        CheckInstances(owners, found);
        return [.. found.OrderBy(v => v.Kind)];
    }

    private static long Number(long? value) => value ?? long.MinValue;

    private static void CheckKey(string key, List<KvOperation> reads, List<KvOperation> writes, List<HistoryViolation> found)
    {
        var acknowledged = new PrecedingMaximum(writes.Where(w => w.Outcome == KvOutcome.Ok).Select(w => (w, Number(w.Value))));
        var lost = new HashSet<KvOperation>();
        foreach (var read in reads)
        {
            if (acknowledged.Before(read.InvokedAt) is { } write && write.Number > Number(read.Value)
                && !MayLandLate(writes, read.Value, write.Operation) && lost.Add(write.Operation))
            {
                found.Add(new(HistoryViolationKind.LostWrite, $"{key}: {write.Operation} acknowledged, then {read}"));
            }
        }

        var seen = new PrecedingMaximum(reads.Select(r => (r, Number(r.Value))));
        foreach (var read in reads)
        {
            if (seen.Before(read.InvokedAt) is { } earlier && earlier.Number > Number(read.Value) && !MayLandLate(writes, read.Value, earlier.Operation))
            {
                found.Add(new(HistoryViolationKind.ReadWentBackwards, $"{key}: {earlier.Operation}, then {read}"));
            }
        }

        // The first instant each value could have been stored: its write's invocation, unless
        // the write was certainly refused.
        var sent = writes.Where(w => w.Outcome != KvOutcome.Fail && w.Value is not null)
            .GroupBy(w => w.Value!.Value).ToDictionary(g => g.Key, g => g.Min(w => w.InvokedAt));
        foreach (var read in reads.Where(r => r.Value is not null))
        {
            if (!sent.TryGetValue(read.Value!.Value, out var invoked) || invoked > read.CompletedAt)
            {
                found.Add(new(HistoryViolationKind.ValueNeverWritten, $"{key}: {read}"));
            }
        }
    }

    /// <summary>
    /// True when a write of <paramref name="value"/> may take effect after <paramref name="later"/>
    /// did: its outcome is unknown (a request the client gave up on may still be applied at any
    /// time, as linearizability allows a pending operation), or it completed only after
    /// <paramref name="later"/> was invoked (the two were concurrent). Such a write explains a
    /// lower value read afterwards; an acknowledged write that completed first does not.
    /// </summary>
    private static bool MayLandLate(List<KvOperation> writes, long? value, KvOperation later) =>
        value is not null && writes.Any(w => w.Value == value
            && (w.Outcome == KvOutcome.Unknown || (w.Outcome == KvOutcome.Ok && !w.Precedes(later))));

    private static void CheckTokens(List<KvOperation> reads, List<KvOperation> writes, List<HistoryViolation> found)
    {
        var accepted = writes.Where(w => w is { Outcome: KvOutcome.Ok, Token: not null }).ToList();
        var newest = new PrecedingMaximum(accepted.Concat(reads.Where(r => r.Token is not null)).Select(o => (o, o.Token!.Value)));
        foreach (var write in accepted.OrderBy(w => w.InvokedAt))
        {
            if (newest.Before(write.InvokedAt) is { } before && before.Number > write.Token)
            {
                found.Add(new(HistoryViolationKind.OlderTokenAccepted, $"{before.Operation}, then {write}"));
            }
        }

        foreach (var read in reads.Where(r => r.Token is not null))
        {
            if (newest.Before(read.InvokedAt) is { } before && before.Number > read.Token)
            {
                found.Add(new(HistoryViolationKind.ReadWentBackwards, $"data token: {before.Operation}, then {read}"));
            }
        }
    }

    private static void CheckInstances(IReadOnlyList<OwnerObservation> owners, List<HistoryViolation> found)
    {
        var instances = owners.GroupBy(o => (o.Node, o.Pid))
            .Select(g => (First: g.MinBy(o => o.At)!, LastAt: g.Max(o => o.At)))
            .OrderBy(i => i.First.At).ToList();
        foreach (var shared in instances.GroupBy(i => i.First.Token))
        {
            var ordered = shared.ToList();
            if (ordered.Select(i => i.First.Node).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                found.Add(new(HistoryViolationKind.TokenNotGrowing, $"token {shared.Key} held on two nodes: {string.Join(" and ", ordered.Select(i => Describe(i.First)))}"));
                continue;
            }

            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].First.At <= ordered[i - 1].LastAt)
                {
                    found.Add(new(HistoryViolationKind.TokenNotGrowing, $"token {shared.Key} held by two live instances: {Describe(ordered[i - 1].First)} (last seen {ordered[i - 1].LastAt}) and {Describe(ordered[i].First)}"));
                }
            }
        }

        for (var i = 1; i < instances.Count; i++)
        {
            var earlier = instances.Take(i).MaxBy(o => o.First.Token).First;
            if (instances[i].First.Token < earlier.Token)
            {
                found.Add(new(HistoryViolationKind.TokenNotGrowing, $"{Describe(earlier)}, later {Describe(instances[i].First)}"));
            }
        }
    }

    private static string Describe(OwnerObservation o) => $"{o.Node} pid {o.Pid} (token {o.Token}, first seen {o.At})";
}
