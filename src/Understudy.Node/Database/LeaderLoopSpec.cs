using Understudy.Core.Database;

namespace Understudy.Node.Database;

/// <summary>
/// One leader loop's decision and hooks (<see cref="LeaderLoop"/>). <see cref="Decide"/> is the
/// feature's rule: given the database and the leader's term, the commands to commit now (empty
/// for none); the loop does the rest the same way for every feature.
/// </summary>
internal sealed record LeaderLoopSpec(
    TimeSpan Period,
    Func<ClusterState, long, CancellationToken, ValueTask<IReadOnlyList<ClusterCommand>>> Decide)
{
    /// <summary>Also run a round as soon as this node applies a commit, not only each
    /// <see cref="Period"/>: for decisions that follow the database (placements after a report),
    /// so the period only has to cover what follows time (a lease running out).</summary>
    public bool WakeOnCommit { get; init; }

    /// <summary>Called for each command once it is committed (the feature's log line).</summary>
    public Action<ClusterCommand>? Committed { get; init; }

    /// <summary>Called when a command could not be committed (leadership or quorum lost); the
    /// round stops there, and the next leader derives the same decision again.</summary>
    public Action<ClusterCommand, string>? Failed { get; init; }

    /// <summary>Called with the term when every command of a round was committed, or there were none.</summary>
    public Action<long>? RoundDone { get; init; }
}
