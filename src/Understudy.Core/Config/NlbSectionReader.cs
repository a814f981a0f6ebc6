using System.Collections.Immutable;
using System.Net;
using Understudy.Core.Nlb;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>
/// Reads the optional <c>nlb:</c> section (docs/nlb.md): the cluster address, the members with
/// their host priorities, and the port rules. Read after <c>nodes:</c>, so members are checked
/// against the nodes that were read.
/// </summary>
internal static class NlbSectionReader
{
    private static ImmutableArray<string> Keys { get; } = ["address", "mode", "interface", "drainTimeout", "udpIdleTimeout", "maxConnections", "maxUdpSessions", "uncoveredPort", "members", "rules"];

    public static void Read(YamlNode value, string path, ClusterFileDraft draft, ConfigErrorList errors)
    {
        if (MappingReader.Open(value, path, Keys, errors) is not { } section)
        {
            return;
        }

        var address = section.Required("address") is { } addressAt ? NodeReader.ReadAddress(addressAt, section.PathOf("address"), errors) : null;
        var drain = section.Optional("drainTimeout") is { } drainAt
            ? ScalarReader.Duration(drainAt, section.PathOf("drainTimeout"), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), errors)
            : TimeSpan.FromSeconds(30);
        var idle = section.Optional("udpIdleTimeout") is { } idleAt
            ? ScalarReader.Duration(idleAt, section.PathOf("udpIdleTimeout"), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), errors)
            : TimeSpan.FromSeconds(60);
        var maxConnections = Cap(section, "maxConnections", FlowLimits.DefaultMaxConnections, errors);
        var maxSessions = Cap(section, "maxUdpSessions", FlowLimits.DefaultMaxUdpSessions, errors);
        var modeAt = section.Optional("mode");
        var mode = modeAt is not null ? PortRuleReader.ReadEnum<NlbMode>(modeAt, section.PathOf("mode"), "local, distributed, director", errors) : null;
        var interfaceAt = section.Optional("interface");
        var device = interfaceAt is null ? "eth0" : ScalarReader.Text(interfaceAt, section.PathOf("interface"), errors);
        if (device is not null && !Vms.Network.VmBridge.IsInterfaceName(device))
        {
            errors.Add(section.PathOf("interface"), interfaceAt!, $"'{YamlText.Quote(device)}' is not an interface name (1..15 characters of [A-Za-z0-9_.-])");
            device = null;
        }

        var uncoveredAt = section.Optional("uncoveredPort");
        var uncovered = uncoveredAt is not null ? ScalarReader.Integer(uncoveredAt, section.PathOf("uncoveredPort"), 1, 65535, errors) : null;
        var members = NlbMembersReader.Read(section.Optional("members"), section.PathOf("members"), section.Node, draft, errors);
        var rules = section.Required("rules") is { } rulesAt
            ? PortRuleReader.ReadAll(rulesAt, section.PathOf("rules"), members, errors)
            : null;

        if (address is not null && members is { } m && draft.Nodes is { } nodes)
        {
            foreach (var clash in nodes.Where(n => n.Address.Equals(address)).Select(n => n.Name)
                .Concat(m.Where(x => x.DedicatedAddress.Equals(address) && !nodes.Any(n => n.Name == x.Node && n.Address.Equals(address)))
                    .Select(x => x.Node + "'s dedicated address")))
            {
                errors.Add(section.PathOf("address"), section.Optional("address")!, $"{address} is also {clash}; the cluster address must be an address of its own");
            }
        }

        if (rules is { } served && section.Required("rules") is YamlSequenceNode ruleNodes)
        {
            CheckRoles(served, ruleNodes, section.PathOf("rules"), draft, errors);
        }

        if (uncovered is { } port && rules is { } covering
            && covering.FirstOrDefault(r => r.FirstPort <= port && port <= r.LastPort) is { } coveringRule)
        {
            errors.Add(section.PathOf("uncoveredPort"), uncoveredAt!, $"port {port} is covered by rule '{coveringRule.Name}'; the uncovered-traffic port (TCP and UDP) must be one that no rule covers");
            return;
        }

        var chosen = mode ?? (draft.Nodes is { } all && all.All(n => IPAddress.IsLoopback(n.Address)) ? NlbMode.Local : NlbMode.Distributed);
        var modeFits = (modeAt is null || mode is not null) && NlbModeChecks.Check(chosen, address, uncovered, rules, draft, section, errors);
        if (address is not null && drain is { } d && idle is { } i && members is { } ms && rules is { } rs && (uncoveredAt is null || uncovered is not null) && device is not null && modeFits
            && maxConnections is { } mc && maxSessions is { } mu)
        {
            draft.Nlb = new NlbConfig { ClusterAddress = address, Mode = chosen, Interface = device, Members = ms, Rules = rs, DrainTimeout = d, UdpIdleTimeout = i, MaxConnections = mc, MaxUdpSessions = mu, UncoveredPort = uncovered };
            if (chosen == NlbMode.Director)
            {
                draft.Roles = draft.Roles.Add(DirectorRole.For(draft.Nlb));
            }
        }
    }

    // A rule's role serves the rule on every member, so it must be a clone role of this file.
    /// <summary>A per-node flow cap (1..1,000,000), or its default when absent; null when invalid.</summary>
    private static int? Cap(MappingReader section, string key, int fallback, ConfigErrorList errors) =>
        section.Optional(key) is { } at ? ScalarReader.Integer(at, section.PathOf(key), 1, 1_000_000, errors) : fallback;

    private static void CheckRoles(ImmutableArray<PortRule> rules, YamlSequenceNode nodes, string path, ClusterFileDraft draft, ConfigErrorList errors)
    {
        for (var i = 0; i < rules.Length; i++)
        {
            if (rules[i].Role is not { } name || nodes.Children[i] is not YamlMappingNode rule)
            {
                continue;
            }

            var at = rule.Children[new YamlScalarNode("role")];
            var declared = draft.Roles.FirstOrDefault(r => r.Name == name);
            if (declared is null)
            {
                var known = draft.Roles.Where(r => r.IsClone).Select(r => r.Name).ToList();
                errors.Add($"{path}[{i}].role", at, $"'{YamlText.Quote(name)}' is not a role of this cluster file; clone roles are: {(known.Count == 0 ? "(none)" : string.Join(", ", known))}");
            }
            else if (!declared.IsClone)
            {
                errors.Add($"{path}[{i}].role", at, $"role '{YamlText.Quote(name)}' is not a clone role; the role serving a port rule must run on every member (clone: true)");
            }
        }
    }
}
