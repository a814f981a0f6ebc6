namespace Understudy.Core.Detection;

/// <summary>A detector's verdict about one peer at one instant.</summary>
public enum Liveness
{
    /// <summary>No heartbeat has ever arrived from the peer.</summary>
    NeverHeard,

    /// <summary>Heartbeats arrive in time.</summary>
    Alive,

    /// <summary>The peer has been silent for longer than the detector allows.</summary>
    Dead,
}
