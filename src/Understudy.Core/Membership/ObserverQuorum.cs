namespace Understudy.Core.Membership;

/// <summary>
/// When the reports of a subject's observers (<see cref="MonitoringTopology"/>) make it Down: a
/// strict majority of its observers say Dead. One observer whose own link loses a burst of beats,
/// or that stalls, never suffices; a real death is seen by all of them within one detection window,
/// so requiring a majority costs no time. Rapid asks for 9 of 10 (its high watermark); a majority
/// also tolerates up to half the observers being cut off from the subject, or from the leader that
/// counts the reports. In a cluster of two (one observer) that one observer decides, as today.
/// </summary>
public static class ObserverQuorum
{
    /// <summary>Whether <paramref name="deadReports"/> of <paramref name="observers"/> observers
    /// saying Dead make the subject Down.</summary>
    public static bool IsDown(int deadReports, int observers) =>
        observers > 0 && deadReports * 2 > observers;

    /// <summary>The fewest Dead reports that make a subject with <paramref name="observers"/>
    /// observers Down: <c>observers / 2 + 1</c>.</summary>
    public static int Needed(int observers) => (observers / 2) + 1;
}
