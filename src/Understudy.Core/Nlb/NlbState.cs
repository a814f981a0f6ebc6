using System.Collections.Immutable;

namespace Understudy.Core.Nlb;

/// <summary>The NLB part of the cluster database: member states, weight overrides and the
/// cluster's rules fingerprint. Bucket maps are derived from it, never stored.</summary>
public sealed record NlbState
{
    /// <summary>Records by node name; a node absent has <see cref="NlbMemberStatus.Initial"/>.</summary>
    public ImmutableSortedDictionary<string, NlbMemberStatus> Members { get; init; } =
        ImmutableSortedDictionary<string, NlbMemberStatus>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Weights set through the API, keyed <c>node/rule</c>; they override the file.</summary>
    public ImmutableSortedDictionary<string, int> Weights { get; init; } =
        ImmutableSortedDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The rules fingerprint of the first admitted node: the cluster's rules.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>The empty state.</summary>
    public static NlbState Empty { get; } = new();

    /// <summary>The record of <paramref name="node"/>.</summary>
    public NlbMemberStatus MemberOrInitial(string node) =>
        Members.TryGetValue(node, out var status) ? status : NlbMemberStatus.Initial(node);

    /// <summary>The admission verdict on exactly these settings of <paramref name="node"/>, or null
    /// while the database holds none (the node has not announced them yet).</summary>
    public NlbAdmissionVerdict? VerdictOn(string node, string fingerprint, int hostPriority) =>
        MemberOrInitial(node).Admission is { } verdict && verdict.Fingerprint == fingerprint && verdict.HostPriority == hostPriority
            ? verdict
            : null;

    /// <summary>The key of a weight override.</summary>
    public static string WeightKey(string node, string rule) => $"{node}/{rule}";

    /// <summary>This state with <paramref name="status"/> as its node's record.</summary>
    public NlbState WithMember(NlbMemberStatus status) => this with { Members = Members.SetItem(status.Node, status) };
}
