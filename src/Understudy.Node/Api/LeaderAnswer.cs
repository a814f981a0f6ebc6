namespace Understudy.Node.Api;

/// <summary>What the leader said to a <see cref="LeaderClient"/> call: its HTTP status and body,
/// or, with no status, why the call never reached it (no leader, unreachable, timed out).</summary>
internal readonly record struct LeaderAnswer(int? Status, string Detail)
{
    /// <summary>The leader took the call (2xx).</summary>
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>Why not, for a log line or an API error; null when <see cref="Ok"/>.</summary>
    public string? Error => Ok ? null : Status is { } status ? $"the leader refused: {status} {Detail}" : $"could not commit: {Detail}";

    /// <summary>The cluster has no leader this node knows of.</summary>
    public static LeaderAnswer NoLeader { get; } = new(null, "the cluster has no leader right now; try again");
}
