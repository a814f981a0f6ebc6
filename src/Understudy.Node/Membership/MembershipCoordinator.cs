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
/// The leader's membership loop (<see cref="LeaderLoop"/>): each tick it asks Core what the
/// database should say about every node, given its own detectors, and commits the answer through
/// Raft. Followers only watch.
/// </summary>
internal sealed partial class MembershipCoordinator(
    ClusterConfig config,
    NodeIdentity self,
    LeaderLoop loop,
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

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        loop.RunAsync(
            new LeaderLoopSpec(Tick, Decide)
            {
                Committed = LogCommitted,
                Failed = LogReplicationFailed,
            },
            stoppingToken);

    private ValueTask<IReadOnlyList<ClusterCommand>> Decide(ClusterState state, long term, CancellationToken token)
    {
        var now = clock.Now;
        return ValueTask.FromResult<IReadOnlyList<ClusterCommand>>(MembershipDecisions.Decide(
            state,
            self.Name,
            (self.Incarnation, self.ProcessId),
            peers.All.Select(p => p.Observe(now)),
            clock.Time.GetUtcNow()));
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Committed {Command}")]
    private partial void LogCommitted(ClusterCommand command);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Could not commit {Command}: {Reason}")]
    private partial void LogReplicationFailed(ClusterCommand command, string reason);
}
