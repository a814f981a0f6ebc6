using System.Collections.Immutable;
using System.IO.Hashing;
using System.Net;
using System.Text;

namespace Understudy.Core.Nlb;

/// <summary>The <c>nlb:</c> section of the cluster file: one cluster address, its members and
/// its port rules (docs/nlb.md).</summary>
public sealed record NlbConfig
{
    /// <summary>Most members, as Windows NLB.</summary>
    public const int MaxMembers = 32;

    /// <summary>Most port rules, as Windows NLB.</summary>
    public const int MaxRules = 32;

    /// <summary>The address clients connect to.</summary>
    public required IPAddress ClusterAddress { get; init; }

    /// <summary>How traffic for the cluster address reaches the members: <c>nlb.mode</c>, by
    /// default <see cref="NlbMode.Local"/> when every node is a loopback address, else
    /// <see cref="NlbMode.Distributed"/>.</summary>
    public NlbMode Mode { get; init; } = NlbMode.Local;

    /// <summary>The LAN interface that holds the cluster address in director mode (<c>nlb.interface</c>).
    /// Default <c>eth0</c>, the first Ethernet interface's classic name (and the host lab's).</summary>
    public string Interface { get; init; } = "eth0";

    /// <summary>Members with their host priorities, in file order.</summary>
    public required ImmutableArray<NlbMemberConfig> Members { get; init; }

    /// <summary>Port rules in file order; ranges do not overlap within a protocol family.</summary>
    public required ImmutableArray<PortRule> Rules { get; init; }

    /// <summary>How long a drainstop waits for open connections before the member is stopped.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a UDP client endpoint keeps its forwarding session without traffic.</summary>
    public TimeSpan UdpIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Most TCP and HTTP connections one node forwards at once (<c>nlb.maxConnections</c>);
    /// more are reset and counted. Lowered at start when the descriptor limit cannot hold it
    /// (<see cref="FlowLimits"/>).</summary>
    public int MaxConnections { get; init; } = FlowLimits.DefaultMaxConnections;

    /// <summary>Most UDP client sessions one node holds at once (<c>nlb.maxUdpSessions</c>);
    /// datagrams from further clients are dropped and counted.</summary>
    public int MaxUdpSessions { get; init; } = FlowLimits.DefaultMaxUdpSessions;

    /// <summary>The port of the cluster address where nodes receive TCP and UDP traffic to ports no
    /// rule covers, for the default host (<see cref="UncoveredTraffic"/>), or null to receive none.</summary>
    public int? UncoveredPort { get; init; }

    /// <summary>The member settings of <paramref name="node"/>, or null if it is not a member.</summary>
    public NlbMemberConfig? FindMember(string node) => Members.FirstOrDefault(m => m.Node == node);

    /// <summary>The rule called <paramref name="name"/>, or null.</summary>
    public PortRule? FindRule(string name) => Rules.FirstOrDefault(r => r.Name == name);

    /// <summary>
    /// A stable digest of what every member must agree on: the cluster address and each rule's
    /// ports, protocol, mode, affinity, target, extended affinity and serving role, and the
    /// uncovered-traffic port (weights and priorities are
    /// per host and may differ, as in Windows NLB). Compared at admission.
    /// </summary>
    public string RulesFingerprint()
    {
        var text = new StringBuilder(ClusterAddress.ToString());
        if (Mode != NlbMode.Local)
        {
            text.Append(";mode=").Append(Mode);
        }

        foreach (var rule in Rules.OrderBy(r => r.FirstPort).ThenBy(r => r.Protocol))
        {
            text.Append(';').Append(rule.Name).Append(',').Append(rule.FirstPort).Append('-').Append(rule.LastPort)
                .Append(',').Append(rule.Protocol).Append(',').Append(rule.Mode).Append(',').Append(rule.Affinity)
                .Append(',').Append(rule.TargetPort).Append(',').Append(rule.ExtendedAffinity.Ticks).Append(',').Append(rule.Role);
        }

        if (UncoveredPort is { } uncovered)
        {
            text.Append(";uncovered=").Append(uncovered);
        }

        return XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text.ToString())).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
