namespace Understudy.Core.Database;

/// <summary>
/// The Raft term a leader stamps on the entry it appends. Raft identifies an entry by its index
/// and term: two logs holding an entry with the same index and term must hold the same entry
/// (Log Matching), which is why a follower checks only the term of the entry preceding the ones
/// it is sent. Only the leader of term T may write an entry of term T.
/// </summary>
/// <remarks>
/// A leader that hears of a newer term raises its current term before its leader state is
/// replaced (DotNext 6.12 <c>RaftCluster.UpdateTermAndStepDownAsync</c>), and DotNext's
/// <c>ReplicateAsync(payload)</c> stamps the entry with the current term. A command appended in
/// that window carries the new leader's term without being the new leader's entry: seen in chaos
/// seed 2, where n5, deposed leader of term 7, wrote its own <c>NodeDown n2</c> as entry 33 of
/// term 8 while n2, leader of term 8, held its empty entry 33 of term 8. n2's first append to n5
/// named entry 33 of term 8 as the one before its entries, n5 found it, kept its own entry 33 and
/// applied it: the same <see cref="ClusterState.Version"/>, different databases. A leader's log
/// ends with an entry of its own term once it has appended the empty entry of its election, and
/// the node records the term in which it became leader when Raft names it (a lone node can lead
/// at a term with no entry of its own); a current term equal to neither means that window: refuse.
/// </remarks>
public static class AppendTerm
{
    /// <summary>The term to stamp on an entry this node appends as leader, or null when it must not
    /// append (its current term is neither the term it became leader in nor its last entry's).</summary>
    /// <param name="currentTerm">The node's current term, read once.</param>
    /// <param name="leadingTerm">The term in which this node last became leader, or -1 while it does not lead.</param>
    /// <param name="lastEntryTerm">Term of the last entry in its log (or of the snapshot covering it).</param>
    public static long? ForLeader(long currentTerm, long leadingTerm, long lastEntryTerm) =>
        currentTerm == leadingTerm || currentTerm == lastEntryTerm ? currentTerm : null;
}
