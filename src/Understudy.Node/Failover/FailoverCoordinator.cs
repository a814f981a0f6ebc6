using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Failover;

/// <summary>
/// The leader's failover loop (<see cref="LeaderLoop"/>): commits the cluster file's roles that the database lacks (once
/// per leadership), then every tick asks <see cref="FailoverDecisions.Decide"/> what to commit —
/// placements, failovers of roles on dead nodes once their lease has expired, drains, failbacks —
/// and replicates it.
/// </summary>
internal sealed partial class FailoverCoordinator(
    ClusterConfig config,
    NodeIdentity self,
    LeaderLoop loop,
    FailoverViewSource view,
    TimeProvider time,
    ILogger<FailoverCoordinator> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private long _seededTerm = -1;

    /// <summary>Each tick (a lease may have run out) and at once after each commit this node
    /// applies (a role report, an operator's command), so placements follow the database without
    /// waiting for the tick.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        loop.RunAsync(
            new LeaderLoopSpec(Tick, Decide)
            {
                WakeOnCommit = true,
                Committed = LogCommitted,
                Failed = (_, reason) => LogReplicationFailed(reason),
                RoundDone = term => _seededTerm = term,
            },
            stoppingToken);

    private ValueTask<IReadOnlyList<ClusterCommand>> Decide(ClusterState state, long term, CancellationToken token)
    {
        var commands = new List<ClusterCommand>();
        var now = time.GetUtcNow();
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

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Committed {Command}")]
    private partial void LogCommitted(ClusterCommand command);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Could not commit a failover decision: {Reason}")]
    private partial void LogReplicationFailed(string reason);
}
