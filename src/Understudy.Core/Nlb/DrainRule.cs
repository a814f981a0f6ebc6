namespace Understudy.Core.Nlb;

/// <summary>When a draining member becomes Stopped: as soon as no connection to it is open,
/// or when the drain timeout has passed since the drainstop was committed.</summary>
public static class DrainRule
{
    /// <summary>Reason for a drain that ended with no open connection.</summary>
    public const string Drained = "drained";

    /// <summary>Reason for a drain that ran out of time.</summary>
    public const string TimedOut = "drain timeout";

    /// <summary>Why the drain is over, or null while it goes on.</summary>
    /// <param name="since">When the member became Draining (leader's clock).</param>
    /// <param name="now">The leader's clock now.</param>
    /// <param name="timeout">The cluster's drain timeout.</param>
    /// <param name="openConnections">Connections to the member open on all reachable nodes.</param>
    public static string? Decide(DateTimeOffset since, DateTimeOffset now, TimeSpan timeout, long openConnections) =>
        openConnections == 0 ? Drained
        : now - since >= timeout ? TimedOut
        : null;
}
