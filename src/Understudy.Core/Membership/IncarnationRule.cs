namespace Understudy.Core.Membership;

/// <summary>
/// The incarnation of a node process that starts now. Peers accept heartbeats only of the newest
/// incarnation they have seen of a node (a replayed or delayed heartbeat of an older one is
/// dropped), so each start must get a higher number than any before it. The wall clock in
/// milliseconds gives that across a wiped data directory; the last incarnation the node's data
/// directory recorded gives it across a wall clock stepped back between two starts (found by
/// <c>scenario chaos</c>, seed 3: a node restarted with its clock 1715 s behind was dropped as
/// stale by every peer, and by its own view of itself, until its clock would pass the old number).
/// </summary>
public static class IncarnationRule
{
    /// <summary><paramref name="wallClockMilliseconds"/>, or one above <paramref name="last"/> when that is not below it.</summary>
    public static long Next(long wallClockMilliseconds, long? last) =>
        last is { } previous && previous >= wallClockMilliseconds ? previous + 1 : wallClockMilliseconds;
}
