namespace Understudy.Cli.Scenario;

/// <summary>One cell of the matrix.</summary>
/// <param name="HostDetect">Time from the failure to the host cluster's first event about it, or null.</param>
/// <param name="GuestDetect">Time to the guest cluster's first event about it, or null.</param>
/// <param name="ServiceBack">Time until the service answered again, or null if it did not within the window.</param>
/// <param name="Note">What went wrong with the run itself, or null.</param>
internal sealed record TopologyOutcome(TimeSpan? HostDetect, TimeSpan? GuestDetect, TimeSpan? ServiceBack, string? Note)
{
    public string Layer => (HostDetect, GuestDetect) switch
    {
        (null, null) => "not detected",
        ({ } h, null) => $"host ({Ms(h)})",
        (null, { } g) => $"guest ({Ms(g)})",
        ({ } h, { } g) => h <= g ? $"host ({Ms(h)}), guest ({Ms(g)})" : $"guest ({Ms(g)}), host ({Ms(h)})",
    };

    public string Service => ServiceBack is { } s ? Ms(s) : "not within the window";

    private static string Ms(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.0} s" : $"{t.TotalMilliseconds:0} ms";
}
