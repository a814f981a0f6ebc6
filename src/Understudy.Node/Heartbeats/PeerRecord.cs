using Understudy.Core.Config;
using Understudy.Core.Detection;
using Understudy.Core.Heartbeats;
using Understudy.Core.Membership;

namespace Understudy.Node.Heartbeats;

/// <summary>What this node tracks about one peer: its replay window and failure detector.</summary>
internal sealed class PeerRecord(NodeConfig node, HeartbeatOptions options, TimeSpan listeningSince)
{
    private readonly Lock _gate = new();
    private readonly ReplayWindow _replay = new();
    private readonly IFailureDetector _detector = FailureDetectors.Create(options);
    private long? _incarnation;
    private int? _processId;

    public NodeConfig Node => node;

    /// <summary>Records an authenticated heartbeat; returns why it was dropped, or None.</summary>
    public HeartbeatRejection Accept(Heartbeat heartbeat, TimeSpan arrival)
    {
        lock (_gate)
        {
            var verdict = _replay.Accept(heartbeat.Incarnation, heartbeat.Sequence);
            if (verdict != HeartbeatRejection.None)
            {
                return verdict;
            }

            if (_incarnation is { } known && known != heartbeat.Incarnation)
            {
                // A new process: its beat history says nothing about the old one's rhythm.
                _detector.Reset();
            }

            _incarnation = heartbeat.Incarnation;
            _processId = heartbeat.ProcessId;
            _detector.RecordHeartbeat(arrival);
            return HeartbeatRejection.None;
        }
    }

    /// <summary>The observation membership acts on.</summary>
    public PeerObservation Observe(TimeSpan now)
    {
        lock (_gate)
        {
            var liveness = PeerLivenessRule.Effective(_detector.Evaluate(now), now - listeningSince, options.ThresholdWindow);
            return new PeerObservation(node.Name, liveness, _incarnation, _processId);
        }
    }

    /// <summary>Time since the last accepted heartbeat, or null if none.</summary>
    public TimeSpan? SinceLastHeartbeat(TimeSpan now)
    {
        lock (_gate)
        {
            return _detector.LastArrival is { } last ? now - last : null;
        }
    }

    /// <summary>Process id from the last accepted heartbeat.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _processId;
            }
        }
    }
}
