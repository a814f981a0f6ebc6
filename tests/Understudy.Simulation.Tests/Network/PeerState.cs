using Understudy.Core.Detection;
using Understudy.Core.Heartbeats;
using Understudy.Core.Membership;

namespace Understudy.Simulation.Tests.Network;

/// <summary>What one simulated node knows about one peer: the node's own rule
/// (<see cref="PeerTracker"/>: replay window, detector, the new-incarnation reset), and what the
/// simulation counts.</summary>
internal sealed class PeerState(IFailureDetector detector)
{
    public PeerTracker Tracker { get; } = new(detector);

    public ReplayWindow Window => Tracker.Window;

    public IFailureDetector Detector => Tracker.Detector;

    /// <summary>Heartbeats that passed the codec and the replay window.</summary>
    public int Accepted { get; set; }

    /// <summary>Instants at which the detector was seen saying Dead (every step and just before
    /// every arrival), so a brief false verdict between two steps is still counted.</summary>
    public int DeadObservations { get; set; }

    /// <summary>Instants at which the verdict went from anything else to Dead.</summary>
    public List<TimeSpan> DeclaredDeadAt { get; } = [];

    /// <summary>Longest run of this peer's beats lost in a row, from gaps in accepted sequences.</summary>
    public long MaxLostInARow { get; set; }

    public Liveness LastVerdict { get; set; } = Liveness.NeverHeard;
}
