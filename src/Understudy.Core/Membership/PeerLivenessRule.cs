using Understudy.Core.Detection;

namespace Understudy.Core.Membership;

/// <summary>
/// Turns a detector's verdict into the verdict membership acts on. A detector that has never
/// heard a peer says <see cref="Liveness.NeverHeard"/>; once the local node has listened for a
/// whole detection window without a beat, that silence is as good as a death. Without this rule a
/// leader elected right after its own restart would never mark Down a peer that died while it was
/// away.
/// </summary>
public static class PeerLivenessRule
{
    /// <summary>The verdict to act on.</summary>
    /// <param name="detectorVerdict">What the detector says now.</param>
    /// <param name="listeningFor">How long the local node has been listening for this peer.</param>
    /// <param name="detectionWindow">Silence after which a heard peer would be dead.</param>
    public static Liveness Effective(Liveness detectorVerdict, TimeSpan listeningFor, TimeSpan detectionWindow) =>
        detectorVerdict == Liveness.NeverHeard && listeningFor > detectionWindow ? Liveness.Dead : detectorVerdict;
}
