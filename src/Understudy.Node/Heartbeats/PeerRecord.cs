using Understudy.Core.Config;
using Understudy.Core.Detection;
using Understudy.Core.Heartbeats;
using Understudy.Core.Membership;
using Understudy.Node.Hosting;

namespace Understudy.Node.Heartbeats;

/// <summary>What this node tracks about one peer (Core's <see cref="PeerTracker"/>: replay
/// window, detector, incarnation), behind a lock: the receive loop writes, membership reads.</summary>
internal sealed class PeerRecord(NodeConfig node, HeartbeatOptions options, TimeSpan listeningSince, NodeChanges changes)
{
    private readonly Lock _gate = new();
    private readonly PeerTracker _peer = new(FailureDetectors.Create(options));

    public NodeConfig Node => node;

    /// <summary>
    /// Records an authenticated heartbeat; returns why it was dropped, or None. A heartbeat that
    /// brings a silent peer back, or a restarted one, raises <see cref="NodeChanges"/> (membership
    /// sleeps until a verdict can change, and these are the changes no deadline foresees).
    /// </summary>
    public HeartbeatRejection Accept(Heartbeat heartbeat, TimeSpan arrival)
    {
        bool news;
        HeartbeatRejection rejection;
        lock (_gate)
        {
            var wasAlive = _peer.Detector.Evaluate(arrival) == Liveness.Alive;
            var known = (_peer.Incarnation, _peer.ProcessId);
            rejection = _peer.Accept(heartbeat, arrival);
            news = rejection == HeartbeatRejection.None && (!wasAlive || known != (_peer.Incarnation, _peer.ProcessId));
        }

        if (news)
        {
            changes.Raise();
        }

        return rejection;
    }

    /// <summary>
    /// Until when, without another heartbeat, <see cref="Observe"/> keeps its verdict: the
    /// detector's <see cref="IFailureDetector.AliveUntil"/> for a live peer, the end of the first
    /// detection window for one never heard; null for a dead one (only a heartbeat changes it).
    /// </summary>
    public TimeSpan? VerdictHoldsUntil(TimeSpan now)
    {
        lock (_gate)
        {
            return _peer.Detector.Evaluate(now) switch
            {
                Liveness.Alive => _peer.Detector.AliveUntil,
                Liveness.NeverHeard when now - listeningSince <= options.ThresholdWindow => listeningSince + options.ThresholdWindow,
                _ => null,
            };
        }
    }

    /// <summary>The observation membership acts on.</summary>
    public PeerObservation Observe(TimeSpan now)
    {
        lock (_gate)
        {
            var liveness = PeerLivenessRule.Effective(_peer.Detector.Evaluate(now), now - listeningSince, options.ThresholdWindow);
            return new PeerObservation(node.Name, liveness, _peer.Incarnation, _peer.ProcessId);
        }
    }

    /// <summary>Time since the last accepted heartbeat, or null if none.</summary>
    public TimeSpan? SinceLastHeartbeat(TimeSpan now)
    {
        lock (_gate)
        {
            return _peer.Detector.LastArrival is { } last ? now - last : null;
        }
    }

    /// <summary>Process id from the last accepted heartbeat.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _peer.ProcessId;
            }
        }
    }
}
