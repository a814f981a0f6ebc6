using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Database;
using Understudy.Core.Membership;
using Understudy.Node.Database;
using Understudy.Node.Heartbeats;
using Understudy.Node.Hosting;

namespace Understudy.Node.Membership;

/// <summary>
/// The leader's membership loop: each tick it asks Core what the database should say about every
/// node, given its own detectors, and commits the answer through Raft. Followers only watch.
/// </summary>
internal sealed partial class MembershipCoordinator(
    ClusterConfig config,
    NodeIdentity self,
    RaftHost raft,
    PeerTable peers,
    Monotonic clock,
    ILogger<MembershipCoordinator> logger) : BackgroundService
{
    /// <summary>
    /// How often the leader re-evaluates: a tenth of the heartbeat interval (25 ms by default), so
    /// a verdict waits at most that long on top of the detector's own window. A decision over a
    /// few dozen nodes costs microseconds.
    /// </summary>
    private TimeSpan Tick => config.Heartbeat.Interval / 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, clock.Time);
        while (await Ticks.NextAsync(timer, stoppingToken))
        {
            if (!raft.IsLeader)
            {
                continue;
            }

            var now = clock.Now;
            var commands = MembershipDecisions.Decide(
                raft.State,
                self.Name,
                (self.Incarnation, self.ProcessId),
                peers.All.Select(p => p.Observe(now)),
                clock.Time.GetUtcNow());
            if (commands.IsEmpty)
            {
                continue;
            }

            foreach (var command in commands)
            {
                try
                {
                    await raft.ReplicateAsync(command, stoppingToken);
                    LogCommitted(command);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Lost leadership or quorum mid-way: the next leader re-derives the same decision.
                    LogReplicationFailed(command, e.Message);
                    break;
                }
            }

            // Followers learn the new commit index now rather than at the next Raft heartbeat,
            // so every node's status shows the change within a round trip.
            await raft.PushCommitIndexAsync(stoppingToken);
        }
    }


    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Committed {Command}")]
    private partial void LogCommitted(ClusterCommand command);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Could not commit {Command}: {Reason}")]
    private partial void LogReplicationFailed(ClusterCommand command, string reason);
}
