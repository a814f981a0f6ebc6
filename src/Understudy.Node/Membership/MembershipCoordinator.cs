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
    NodeChanges changes,
    Monotonic clock,
    ILogger<MembershipCoordinator> logger) : LeaderLoop(raft, applied, changes, clock)
{
    /// <summary>
    /// How soon the leader decides again after a decision it could not commit: a tenth of the
    /// heartbeat interval (25 ms by default). Otherwise it sleeps until a verdict can change
    /// (<see cref="NextTick"/>). A decision over a few dozen nodes costs microseconds.
    /// </summary>
    protected override TimeSpan Tick => config.Heartbeat.Interval / 10;

    /// <summary>
    /// The longest the leader sleeps when no verdict can change before then: one heartbeat
    /// interval (250 ms by default), a safety net under the deadlines and signals below.
    /// </summary>
    private TimeSpan LongestSleep => config.Heartbeat.Interval;

    private bool _decidedNothing;

    protected override ValueTask<IReadOnlyList<ClusterCommand>> DecideAsync(ClusterState state, CancellationToken token)
    {
        var now = Clock.Now;
        var wall = Clock.Time.GetUtcNow();
        var commands = MembershipDecisions.Decide(state, self.Name, (self.Incarnation, self.ProcessId), peers.All.Select(p => p.Observe(now)), wall)
            .AddRange(QuarantineRule.Decide(state, config.Nodes.Select(n => n.Name).ToList(), config.Quarantine, wall));
        _decidedNothing = commands.IsEmpty;
        return ValueTask.FromResult<IReadOnlyList<ClusterCommand>>(commands);
    }

    /// <summary>
    /// The decision depends on the database (a commit wakes the loop), on the peers' verdicts and
    /// on quarantine ends. A verdict changes at a deadline the detector knows
    /// (<see cref="PeerRecord.VerdictHoldsUntil"/>) or when a silent or restarted peer is heard
    /// (which wakes the loop too), so after an empty decision the leader sleeps until the first
    /// such deadline (to the millisecond, where the old tick was 25 ms late at worst), at most <see cref="LongestSleep"/> — instead of
    /// deciding 40 times a second. After a decision that did not commit it retries at Tick.
    /// </summary>
    protected override TimeSpan NextTick()
    {
        if (!_decidedNothing)
        {
            return Tick;
        }

        var now = Clock.Now;
        var sleep = LongestSleep;
        foreach (var peer in peers.All)
        {
            if (peer.VerdictHoldsUntil(now) is { } until && until - now < sleep)
            {
                sleep = until - now;
            }
        }

        var wall = Clock.Time.GetUtcNow();
        if (QuarantineRule.NextDeadline(Raft.State, config.Nodes.Select(n => n.Name).ToList(), wall) is { } lift && lift - wall < sleep)
        {
            sleep = lift - wall;
        }

        // Wake just after the deadline: the verdict holds up to and including it.
        if (sleep >= LongestSleep)
        {
            return LongestSleep;
        }

        var justAfter = sleep + TimeSpan.FromMilliseconds(1);
        return justAfter > NodeChanges.MinimumGap ? justAfter : NodeChanges.MinimumGap;
    }

    protected override void Committed(ClusterCommand command) => LogCommitted(command);

    protected override void CommitFailed(ClusterCommand command, string reason) => LogReplicationFailed(command, reason);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Committed {Command}")]
    private partial void LogCommitted(ClusterCommand command);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Could not commit {Command}: {Reason}")]
    private partial void LogReplicationFailed(ClusterCommand command, string reason);
}
