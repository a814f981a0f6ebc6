using Understudy.Core.Config;
using Understudy.Core.Detection;
using Understudy.Core.Heartbeats;
using Understudy.Core.Membership;

namespace Understudy.Node.Heartbeats;

/// <summary>What this node tracks about one peer (Core's <see cref="PeerTracker"/>: replay
/// window, detector, incarnation), behind a lock: the receive loop writes, membership reads.</summary>
internal sealed class PeerRecord(NodeConfig node, HeartbeatOptions options, TimeSpan listeningSince)
{
    private readonly Lock _gate = new();
    private readonly PeerTracker _peer = new(FailureDetectors.Create(options));

    public NodeConfig Node => node;

    /// <summary>Records an authenticated heartbeat; returns why it was dropped, or None.</summary>
    public HeartbeatRejection Accept(Heartbeat heartbeat, TimeSpan arrival)
    {
        lock (_gate)
        {
            return _peer.Accept(heartbeat, arrival);
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
