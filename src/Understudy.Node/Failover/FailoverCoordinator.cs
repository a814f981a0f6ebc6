using Microsoft.Extensions.Hosting;
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
    Monotonic clock,
    ILogger<FailoverCoordinator> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private long _seededTerm = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, clock.Time);
        while (await Ticks.NextAsync(timer, stoppingToken))
        {
            if (!raft.IsLeader)
            {
                continue;
            }

            var term = raft.Term;
            var commands = new List<ClusterCommand>();
            var now = clock.Time.GetUtcNow();
            if (_seededTerm != term)
            {
                if (raft.State.Leadership?.Term != term)
                {
                    commands.Add(new LeaderElected(now, self.Name, term));
                }

                commands.AddRange(FileRoles.ToSeed(raft.State, config.Roles, now));
            }

            commands.AddRange(FailoverDecisions.Decide(raft.State, view.Current(), now));
            if (commands.Count == 0)
            {
                _seededTerm = term;
                continue;
            }

            try
            {
                foreach (var command in commands)
                {
                    await raft.ReplicateAsync(command, stoppingToken);
                    LogCommitted(command);
                }

                _seededTerm = term;
                await applied.UntilCommittedIsAppliedAsync(stoppingToken);
                await raft.PushCommitIndexAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReplicationFailed(e.Message);
            }
        }
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Committed {Command}")]
    private partial void LogCommitted(ClusterCommand command);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Could not commit a failover decision: {Reason}")]
    private partial void LogReplicationFailed(string reason);
}
