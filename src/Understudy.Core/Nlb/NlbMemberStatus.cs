namespace Understudy.Core.Nlb;

/// <summary>The committed NLB record of one node.</summary>
/// <param name="Node">Node name.</param>
/// <param name="State">Load-balancing state.</param>
/// <param name="Since">When the state was committed (leader's clock), or null if never.</param>
/// <param name="Reason">Why the state last changed, for people reading status.</param>
/// <param name="Admission">The admission verdict, or null while the node has not announced itself.</param>
public sealed record NlbMemberStatus(
    string Node,
    NlbMemberState State,
    DateTimeOffset? Since,
    string? Reason,
    NlbAdmissionVerdict? Admission)
{
    /// <summary>A node the database has no NLB record of: started (Windows NLB's default
    /// initial host state) but not yet admitted.</summary>
    public static NlbMemberStatus Initial(string node) => new(node, NlbMemberState.Started, null, null, null);

    /// <summary>Whether the node has been admitted with its current rules.</summary>
    public bool IsAdmitted => Admission is { Admitted: true };
}
