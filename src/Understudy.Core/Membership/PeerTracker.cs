using Understudy.Core.Detection;
using Understudy.Core.Heartbeats;

namespace Understudy.Core.Membership;

/// <summary>
/// What a node knows of one peer from its heartbeats: the replay window, the failure detector,
/// and the peer's incarnation and process id. The rule it holds: a heartbeat of a new
/// incarnation (the peer restarted) resets the detector, since the old process's beat history
/// says nothing about the new one's rhythm. Pure (every instant is passed in); not thread-safe
/// (the node's <c>PeerRecord</c> locks around it; the simulation owns it).
/// </summary>
public sealed class PeerTracker(IFailureDetector detector)
{
    /// <summary>The anti-replay state (its highest sequence tells how many beats were lost).</summary>
    public ReplayWindow Window { get; } = new();

    /// <summary>The failure detector fed by the admitted heartbeats.</summary>
    public IFailureDetector Detector => detector;

    /// <summary>Incarnation of the last admitted heartbeat, or null before the first.</summary>
    public long? Incarnation { get; private set; }

    /// <summary>Process id of the last admitted heartbeat, or null before the first.</summary>
    public int? ProcessId { get; private set; }

    /// <summary>Admits an authenticated heartbeat past the replay window, resetting the detector
    /// on a new incarnation; <see cref="HeartbeatRejection.None"/>, or why it was dropped (then
    /// nothing changed). Call <see cref="Record"/> with its arrival next.</summary>
    public HeartbeatRejection Admit(Heartbeat heartbeat)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        var verdict = Window.Accept(heartbeat.Incarnation, heartbeat.Sequence);
        if (verdict != HeartbeatRejection.None)
        {
            return verdict;
        }

        if (Incarnation is { } known && known != heartbeat.Incarnation)
        {
            detector.Reset();
        }

        Incarnation = heartbeat.Incarnation;
        ProcessId = heartbeat.ProcessId;
        return HeartbeatRejection.None;
    }

    /// <summary>Feeds an admitted heartbeat's arrival to the detector.</summary>
    public void Record(TimeSpan arrival) => detector.RecordHeartbeat(arrival);

    /// <summary><see cref="Admit"/> then, if admitted, <see cref="Record"/>.</summary>
    public HeartbeatRejection Accept(Heartbeat heartbeat, TimeSpan arrival)
    {
        var verdict = Admit(heartbeat);
        if (verdict == HeartbeatRejection.None)
        {
            Record(arrival);
        }

        return verdict;
    }
}
