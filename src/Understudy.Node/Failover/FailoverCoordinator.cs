using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Failover;

/// <summary>
/// The leader's failover loop: commits the cluster file's roles that the database lacks (once
/// per leadership), then every tick asks <see cref="FailoverDecisions.Decide"/> what to commit —
/// placements, failovers of roles on dead nodes once their lease has expired, drains, failbacks —
/// and replicates it.
/// </summary>
internal sealed partial class FailoverCoordinator(
    ClusterConfig config,
    NodeIdentity self,
    RaftHost raft,
    FailoverViewSource view,
    AppliedWait applied,
    NodeChanges changes,
    Monotonic clock,
    ILogger<FailoverCoordinator> logger) : LeaderLoop(raft, applied, changes, clock)
{
    private long _seededTerm = -1;
    private long _decidingTerm = -1;

    /// <summary>50 ms: a failover waits at most this long after its lease has surely expired.</summary>
    protected override TimeSpan Tick { get; } = TimeSpan.FromMilliseconds(50);

    protected override ValueTask<IReadOnlyList<ClusterCommand>> DecideAsync(ClusterState state, CancellationToken token)
    {
        var term = Raft.Term;
        _decidingTerm = term;
        var commands = new List<ClusterCommand>();
        var now = Clock.Time.GetUtcNow();
        if (_seededTerm != term)
        {
            if (state.Leadership?.Term != term)
            {
                commands.Add(new LeaderElected(now, self.Name, term));
            }

            commands.AddRange(FileRoles.ToSeed(state, config.Roles, now));
        }

        commands.AddRange(FailoverDecisions.Decide(state, view.Current(), now));
        return ValueTask.FromResult<IReadOnlyList<ClusterCommand>>(commands);
    }

    // The file's roles are in this term's database: not seeded again until the next leadership.
    protected override void Settled() => _seededTerm = _decidingTerm;

    protected override void Committed(ClusterCommand command) => LogCommitted(command);

    protected override void CommitFailed(ClusterCommand command, string reason) => LogReplicationFailed(reason);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Committed {Command}")]
    private partial void LogCommitted(ClusterCommand command);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Could not commit a failover decision: {Reason}")]
    private partial void LogReplicationFailed(string reason);
}
