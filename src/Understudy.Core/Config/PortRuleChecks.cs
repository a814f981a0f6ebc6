using System.Collections.Immutable;
using Understudy.Core.Nlb;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Rules across port rules: unique names, no overlapping ranges on one transport,
/// unique handling priorities, and a member's service never on its own listener.</summary>
internal static class PortRuleChecks
{
    /// <summary>Reports every clash; false if there was one.</summary>
    public static bool Check(IReadOnlyList<(PortRule Rule, string Path, YamlNode At)> rules, ImmutableArray<NlbMemberConfig>? members, ConfigErrorList errors)
    {
        var clean = true;
        for (var i = 0; i < rules.Count; i++)
        {
            var (rule, path, at) = rules[i];
            for (var j = 0; j < i; j++)
            {
                var (other, otherPath, _) = rules[j];
                if (other.Name == rule.Name)
                {
                    clean = Report(errors, $"{path}.name", at, $"'{rule.Name}' is already the name of {otherPath}; rule names must be unique");
                }

                var sameTransport = (rule.Protocol == NlbProtocol.Udp) == (other.Protocol == NlbProtocol.Udp);
                if (sameTransport && rule.FirstPort <= other.LastPort && other.FirstPort <= rule.LastPort)
                {
                    clean = Report(errors, $"{path}.ports", at, $"ports {rule.FirstPort}-{rule.LastPort} overlap {otherPath} ({other.FirstPort}-{other.LastPort}); a port belongs to one rule");
                }
            }

            var duplicate = rule.HandlingPriorities.GroupBy(p => p.Value).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                clean = Report(errors, $"{path}.handlingPriority", at, $"handling priority {duplicate.Key} is given to {string.Join(" and ", duplicate.Select(d => d.Key))}; they must be unique");
            }

            // The member's service listens on the node's address at the target ports; the rule's
            // listeners on a dedicated address equal to it must not take the same ports.
            var targetLast = rule.TargetPort + rule.PortCount - 1;
            var overlapsTarget = rule.TargetPort <= rule.LastPort && rule.FirstPort <= targetLast;
            if (overlapsTarget && members is { Length: > 0 })
            {
                clean = Report(errors, $"{path}.targetPort", at, $"target ports {rule.TargetPort}-{targetLast} overlap the rule's ports {rule.FirstPort}-{rule.LastPort}; members' services and NLB listeners need different ports");
            }
        }

        return clean;
    }

    private static bool Report(ConfigErrorList errors, string path, YamlNode at, string message)
    {
        errors.Add(path, at, message);
        return false;
    }
}
