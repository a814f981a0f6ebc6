namespace Understudy.Core.Config;

/// <summary>
/// The optional <c>quarantine:</c> section: a node that leaves unplanned again and again is kept
/// out for a while, so it stops dragging roles and NLB buckets back and forth (WSFC node
/// quarantine, Windows Server 2016; its defaults). docs/membership.md.
/// </summary>
public sealed record QuarantineOptions
{
    /// <summary>The defaults: 3 departures within 1 h → out for 2 h, at most a quarter of the nodes.</summary>
    public static QuarantineOptions Default { get; } = new();

    /// <summary>Unplanned departures (committed Down, or a restart seen while Up) within
    /// <see cref="Window"/> that quarantine a node (<c>departures</c>; default 3, as WSFC's
    /// QuarantineThreshold). 0 turns quarantine off.</summary>
    public int Departures { get; init; } = 3;

    /// <summary>How far back departures count (<c>window</c>; default 1 h, as WSFC).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a quarantined node is kept out (<c>duration</c>; default 2 h, as WSFC's
    /// QuarantineDuration).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Largest share of the nodes quarantined at once (<c>maxShare</c>; default 0.25, as
    /// WSFC): quarantine must never take away the majority it is meant to protect.</summary>
    public double MaxShare { get; init; } = 0.25;

    /// <summary>How many of <paramref name="nodes"/> nodes may be quarantined at once:
    /// <c>floor(nodes × MaxShare)</c>, and 1 from three nodes on (a quarter of three is 0, yet
    /// the other two still make a majority).</summary>
    public int Limit(int nodes) => Departures == 0 ? 0 : Math.Max((int)Math.Floor(nodes * MaxShare), nodes >= 3 && MaxShare > 0 ? 1 : 0);
}
