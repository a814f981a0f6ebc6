namespace Understudy.Node.Nlb;

/// <summary>One client's member as one node last routed it, passed to the other nodes.</summary>
/// <param name="Rule">Port rule name.</param>
/// <param name="Key">The client's affinity key hash.</param>
/// <param name="Member">The member it went to.</param>
/// <param name="AgeMs">Milliseconds since then, by the sender's clock (clocks of different hosts
/// need not agree; an age does not depend on them).</param>
internal sealed record AffinityNote(string Rule, ulong Key, string Member, long AgeMs) : Api.IRequestBody
{
    /// <inheritdoc/>
    public Api.ApiError? Problem() =>
        string.IsNullOrEmpty(Rule) ? new("'rule' is required", "rule")
        : string.IsNullOrEmpty(Member) ? new("'member' is required", "member")
        : null;
}
