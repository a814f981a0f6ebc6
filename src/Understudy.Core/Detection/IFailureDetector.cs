namespace Understudy.Core.Detection;

/// <summary>
/// Turns the arrival times of one peer's heartbeats into a verdict. Pure: it reads no clock, and
/// every instant is passed in as elapsed time on the caller's monotonic timeline.
/// </summary>
/// <remarks>One instance per peer; not thread-safe (the receive loop owns it).</remarks>
public interface IFailureDetector
{
    /// <summary>Records a heartbeat that arrived at <paramref name="arrival"/>. Arrivals are
    /// non-decreasing; an arrival earlier than the last one recorded is ignored.</summary>
    void RecordHeartbeat(TimeSpan arrival);

    /// <summary>The verdict at <paramref name="now"/>: <see cref="Liveness.NeverHeard"/> before
    /// the first heartbeat, then <see cref="Liveness.Alive"/> or <see cref="Liveness.Dead"/>.</summary>
    Liveness Evaluate(TimeSpan now);

    /// <summary>When the last heartbeat arrived, or null before the first one.</summary>
    TimeSpan? LastArrival { get; }

    /// <summary>How suspicious the silence at <paramref name="now"/> is, for status and metrics:
    /// missed beats (silence / interval) in threshold mode, the phi value in phi mode; 0 before
    /// the first heartbeat.</summary>
    double Suspicion(TimeSpan now);

    /// <summary>
    /// The instant (on the arrivals' timeline) up to which the verdict stays <see cref="Liveness.Alive"/>
    /// if no heartbeat arrives before it — it may turn Dead just after; null before the first
    /// heartbeat. With it a caller can sleep until a verdict can change instead of polling.
    /// </summary>
    TimeSpan? AliveUntil { get; }

    /// <summary>Forgets all history, as when the peer restarted with a new incarnation.</summary>
    void Reset();
}
