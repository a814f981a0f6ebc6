using System.Collections.Immutable;

namespace Understudy.Core.Nlb;

/// <summary>One member as the derived view sees it.</summary>
/// <param name="Node">Node name.</param>
/// <param name="Status">Its committed NLB record.</param>
/// <param name="HostPriority">Its configured host priority.</param>
/// <param name="Eligible">Whether it may take new connections: Up, admitted and Started.</param>
/// <param name="Weights">Its effective weight per rule name (override, else file, else 50).</param>
public sealed record NlbMemberView(
    string Node,
    NlbMemberStatus Status,
    int HostPriority,
    bool Eligible,
    ImmutableSortedDictionary<string, int> Weights);
