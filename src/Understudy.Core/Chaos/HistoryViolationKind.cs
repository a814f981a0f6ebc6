namespace Understudy.Core.Chaos;

/// <summary>What a history checker found wrong.</summary>
public enum HistoryViolationKind
{
    /// <summary>A read that began after a write was acknowledged found an older value (or none).</summary>
    LostWrite,

    /// <summary>A read that began after another read ended found an older value or an older data token.</summary>
    ReadWentBackwards,

    /// <summary>A read found a value no write could have stored (never sent, or certainly refused).</summary>
    ValueNeverWritten,

    /// <summary>A write under an older fencing token was accepted after one under a newer token.</summary>
    OlderTokenAccepted,

    /// <summary>Two instances shared a token, or a later instance had a token not above an earlier one's.</summary>
    TokenNotGrowing,

    /// <summary>The nodes did not agree within the convergence limit after the last fault.</summary>
    NotConverged,

    /// <summary>After convergence two nodes held different database versions.</summary>
    VersionsDiffer,

    /// <summary>After convergence two nodes held different NLB bucket maps.</summary>
    BucketMapsDiffer,

    /// <summary>Two nodes held different databases at the same version: their state machines diverged.</summary>
    DatabasesDiffer,
}
