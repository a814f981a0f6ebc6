namespace Understudy.Core.Nlb;

/// <summary>
/// Windows NLB's extended affinity: a client keeps its member across convergence while it comes
/// back within the rule's timeout of its last connection, and while that member may still take
/// the rule's connections (it is in the rule's map).
/// </summary>
public static class ExtendedAffinity
{
    /// <summary>Whether a client last seen <paramref name="sinceSeen"/> ago stays on its member.
    /// At exactly <paramref name="timeout"/> it has run out; a zero timeout is off.</summary>
    public static bool Keeps(TimeSpan sinceSeen, TimeSpan timeout) => timeout > TimeSpan.Zero && sinceSeen < timeout;

    /// <summary>The newer of two memories of one client, by how long ago each saw it.</summary>
    public static bool Replaces(TimeSpan candidateAge, TimeSpan currentAge) => candidateAge < currentAge;
}
