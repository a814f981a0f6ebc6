using System.Collections.Immutable;
using Understudy.Core.Database;
using Understudy.Core.Detection;

namespace Understudy.Core.Membership;

/// <summary>
/// What the leader commits about membership, given the database and its own observations.
/// Pure: the leader's coordinator loop calls it on every tick and replicates what it returns.
/// </summary>
public static class MembershipDecisions
{
    /// <summary>Commands that bring the database in line with what the leader observes.</summary>
    /// <param name="state">The committed database.</param>
    /// <param name="leader">The local node, which is the leader: it is Up by definition.</param>
    /// <param name="self">The leader's own incarnation and process id.</param>
    /// <param name="peers">Observations of every other configured node.</param>
    /// <param name="now">Leader's wall clock, stamped on the commands.</param>
    public static ImmutableArray<ClusterCommand> Decide(
        ClusterState state,
        string leader,
        (long Incarnation, int ProcessId) self,
        IEnumerable<PeerObservation> peers,
        DateTimeOffset now)
    {
        var commands = ImmutableArray.CreateBuilder<ClusterCommand>();
        var own = state.NodeOrJoining(leader);
        if (own.State is not (NodeState.Up or NodeState.Paused) || own.Incarnation != self.Incarnation)
        {
            commands.Add(new NodeUp(now, leader, self.Incarnation, self.ProcessId, "leader elected"));
        }

        foreach (var peer in peers)
        {
            if (DecidePeer(state.NodeOrJoining(peer.Node), peer, now) is { } command)
            {
                commands.Add(command);
            }
        }

        return commands.ToImmutable();
    }

    private static ClusterCommand? DecidePeer(NodeStatus status, PeerObservation peer, DateTimeOffset now)
    {
        switch (peer.Liveness)
        {
            case Liveness.Alive when peer.Incarnation is { } incarnation:
                var restarted = status.Incarnation is { } known && known != incarnation;
                if (status.State is NodeState.Joining or NodeState.Down || restarted)
                {
                    var reason = restarted ? "node restarted" : status.State == NodeState.Down ? "heartbeats resumed" : "first heartbeat";
                    return new NodeUp(now, peer.Node, incarnation, peer.ProcessId ?? 0, reason);
                }

                return null;
            case Liveness.Dead when status.State is NodeState.Up or NodeState.Paused:
                return new NodeDown(now, peer.Node, "missed heartbeats");
            default:
                return null;
        }
    }
}
