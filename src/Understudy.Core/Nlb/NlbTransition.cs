namespace Understudy.Core.Nlb;

/// <summary>The result of an operation: the next state, or why it is refused.</summary>
/// <param name="Next">The state to commit, or null if refused.</param>
/// <param name="Error">Why the operation is refused, or null.</param>
public sealed record NlbTransition(NlbMemberState? Next, string? Error)
{
    /// <summary>Whether there is something to commit.</summary>
    public bool IsAllowed => Next is not null;
}
