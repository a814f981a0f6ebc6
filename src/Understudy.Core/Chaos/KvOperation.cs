namespace Understudy.Core.Chaos;

/// <summary>
/// One kv operation of a chaos history. Times are ticks of one monotonic clock shared by every
/// client of the run (only their order matters): an operation that was invoked after another
/// completed comes after it in real time, which is all the checker relies on.
/// </summary>
/// <param name="Client">Client number.</param>
/// <param name="Kind">Write or read.</param>
/// <param name="Key">The key written or read.</param>
/// <param name="Value">Written: the value sent. Read: the value found, or null if the key was absent.</param>
/// <param name="InvokedAt">When the request was sent.</param>
/// <param name="CompletedAt">When the answer (or the failure) came.</param>
/// <param name="Outcome">Ok, fail or unknown.</param>
/// <param name="Token">Ok write: the fencing token it was stored under. Ok read: the data's fencing token. Else null.</param>
public sealed record KvOperation(int Client, KvOperationKind Kind, string Key, long? Value, long InvokedAt, long CompletedAt, KvOutcome Outcome, long? Token)
{
    /// <summary>True when this operation completed before <paramref name="other"/> was invoked.</summary>
    public bool Precedes(KvOperation other) => CompletedAt < other.InvokedAt;

    /// <inheritdoc/>
    public override string ToString() =>
        $"client {Client} {Kind.ToString().ToLowerInvariant()} {Key}={(Value is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "absent")} [{InvokedAt}..{CompletedAt}] {Outcome.ToString().ToLowerInvariant()}{(Token is { } t ? $" token {t}" : "")}";
}
