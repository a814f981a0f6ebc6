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
/// node, given its own detectors (<see cref="MembershipDecisions"/>, <see cref="QuarantineRule"/>),
/// and commits the answer through Raft. Followers only watch.
/// </summary>
internal sealed partial class MembershipCoordinator(
    ClusterConfig config,
    NodeIdentity self,
    RaftHost raft,
    AppliedWait applied,
    PeerTable peers,
    Monotonic clock,
    ILogger<MembershipCoordinator> logger) : LeaderLoop(raft, applied, clock)
{
    /// <summary>
    /// How often the leader re-evaluates: a tenth of the heartbeat interval (25 ms by default), so
    /// a verdict waits at most that long on top of the detector's own window. A decision over a
    /// few dozen nodes costs microseconds.
    /// </summary>
    protected override TimeSpan Tick => config.Heartbeat.Interval / 10;

    protected override ValueTask<IReadOnlyList<ClusterCommand>> DecideAsync(ClusterState state, CancellationToken token)
    {
        var now = Clock.Now;
        var wall = Clock.Time.GetUtcNow();
        var commands = MembershipDecisions.Decide(state, self.Name, (self.Incarnation, self.ProcessId), peers.All.Select(p => p.Observe(now)), wall)
            .AddRange(QuarantineRule.Decide(state, config.Nodes.Select(n => n.Name).ToList(), config.Quarantine, wall));
        return ValueTask.FromResult<IReadOnlyList<ClusterCommand>>(commands);
    }

    protected override void Committed(ClusterCommand command) => LogCommitted(command);

    protected override void CommitFailed(ClusterCommand command, string reason) => LogReplicationFailed(command, reason);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Committed {Command}")]
    private partial void LogCommitted(ClusterCommand command);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Could not commit {Command}: {Reason}")]
    private partial void LogReplicationFailed(ClusterCommand command, string reason);
}
