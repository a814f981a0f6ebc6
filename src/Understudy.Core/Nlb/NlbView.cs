using System.Collections.Immutable;

namespace Understudy.Core.Nlb;

/// <summary>
/// Everything the data plane and status need, derived by <see cref="NlbViews.Derive"/> from
/// committed state only, so every node holds the same view of the same database version.
/// </summary>
public sealed record NlbView
{
    /// <summary>The database version the view was derived from.</summary>
    public required long Version { get; init; }

    /// <summary>The cluster address.</summary>
    public required NlbConfig Config { get; init; }

    /// <summary>Each rule with its map, in file order.</summary>
    public required ImmutableArray<RuleMap> Rules { get; init; }

    /// <summary>Every configured member, in file order.</summary>
    public required ImmutableArray<NlbMemberView> Members { get; init; }

    /// <summary>The eligible member with the lowest host priority: it would take traffic no rule
    /// covers (docs/nlb.md explains what the loopback form does with such traffic).</summary>
    public string? DefaultHost { get; init; }

    /// <summary>The rule of <paramref name="protocol"/>'s transport that covers <paramref name="port"/>, or null.</summary>
    public RuleMap? RuleFor(NlbProtocol protocol, int port)
    {
        var udp = protocol == NlbProtocol.Udp;
        foreach (var rule in Rules)
        {
            if ((rule.Rule.Protocol == NlbProtocol.Udp) == udp && rule.Rule.Covers(port))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>The view of <paramref name="node"/>, or null if it is not a member.</summary>
    public NlbMemberView? Member(string node) => Members.FirstOrDefault(m => m.Node == node);
}
