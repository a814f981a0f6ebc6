using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Database;
using Understudy.Core.Membership;
using Understudy.Core.Nlb;
using Understudy.Node.Api;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Nlb;

/// <summary>
/// Leader only: for each Draining member, sums the connections every Up node still forwards to
/// it and asks <see cref="DrainRule"/> whether the drain is over; if so commits Stopped.
/// A node that does not answer counts as holding none (it cannot forward anything).
/// </summary>
internal sealed partial class DrainCoordinator(
    ClusterConfig config,
    RaftHost raft,
    AppliedWait applied,
    PeerClient peers,
    PeerCallOptions options,
    NodeChanges changes,
    Monotonic clock,
    ILogger<DrainCoordinator> logger) : LeaderLoop(raft, applied, changes, clock)
{
    /// <summary>250 ms: a drained member is Stopped within a quarter second of its last connection closing.</summary>
    protected override TimeSpan Tick { get; } = TimeSpan.FromMilliseconds(250);

    protected override bool Enabled => config.Nlb is not null;

    /// <summary>With no member draining there is nothing to decide until a drainstop is committed, which wakes the loop.</summary>
    protected override TimeSpan NextTick() =>
        Raft.State.Nlb.Members.Values.Any(m => m.State == NlbMemberState.Draining) ? Tick : IdleWait;

    protected override async ValueTask<IReadOnlyList<ClusterCommand>> DecideAsync(ClusterState state, CancellationToken token)
    {
        var commands = new List<ClusterCommand>();
        foreach (var member in state.Nlb.Members.Values.Where(m => m.State == NlbMemberState.Draining))
        {
            var open = await OpenConnectionsAsync(state, member.Node, token);
            var now = Clock.Time.GetUtcNow();
            if (DrainRule.Decide(member.Since ?? now, now, config.Nlb!.DrainTimeout, open) is { } reason)
            {
                commands.Add(new NlbMemberStateSet(now, member.Node, NlbMemberState.Stopped, reason));
            }
        }

        return commands;
    }

    protected override void Committed(ClusterCommand command)
    {
        if (command is NlbMemberStateSet stopped)
        {
            LogDrained(stopped.Node, stopped.Reason);
        }
    }

    // Lost leadership mid-way: the next leader decides again.
    protected override void CommitFailed(ClusterCommand command, string reason) => LogFailed(reason);

    private async Task<long> OpenConnectionsAsync(ClusterState state, string member, CancellationToken token)
    {
        long total = 0;
        foreach (var node in config.Nodes.Where(n => !n.Witness && state.NodeOrJoining(n.Name).State == NodeState.Up))
        {
            // An unreachable node forwards nothing.
            var (counts, _) = await peers.GetJsonAsync<Dictionary<string, long>>(node, "/api/nlb/connections", options.Connections, token);
            total += counts is not null && counts.TryGetValue(member, out var n) ? n : 0;
        }

        return total;
    }

    [LoggerMessage(EventId = 1411, Level = LogLevel.Information, Message = "NLB: {Node} stopped ({Reason})")]
    private partial void LogDrained(string node, string reason);

    [LoggerMessage(EventId = 1412, Level = LogLevel.Warning, Message = "NLB: could not end a drain: {Reason}")]
    private partial void LogFailed(string reason);
}
