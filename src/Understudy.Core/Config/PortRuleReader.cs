using System.Collections.Immutable;
using System.Globalization;
using Understudy.Core.Nlb;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads <c>nlb.rules</c>: 1 to 32 port rules; the rules across them are in <see cref="PortRuleChecks"/>.</summary>
internal static class PortRuleReader
{
    private static ImmutableArray<string> Keys { get; } =
        ["name", "ports", "protocol", "mode", "affinity", "targetPort", "extendedAffinity", "weights", "handlingPriority", "role"];

    public static ImmutableArray<PortRule>? ReadAll(YamlNode value, string path, ImmutableArray<NlbMemberConfig>? members, ConfigErrorList errors)
    {
        if (value is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            errors.Add(path, value, $"expected a list of port rules, each with name, ports, protocol and targetPort; found {YamlText.Describe(value)}");
            return null;
        }

        if (list.Children.Count > NlbConfig.MaxRules)
        {
            errors.Add(path, list, $"{list.Children.Count} rules is more than the {NlbConfig.MaxRules} a cluster supports");
        }

        var rules = new List<(PortRule Rule, string Path, YamlNode At)>();
        var failed = false;
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (Read(list.Children[i], $"{path}[{i}]", members, errors) is { } rule)
            {
                rules.Add((rule, $"{path}[{i}]", list.Children[i]));
            }
            else
            {
                failed = true;
            }
        }

        var clean = PortRuleChecks.Check(rules, members, errors);
        return failed || !clean || list.Children.Count > NlbConfig.MaxRules ? null : [.. rules.Select(r => r.Rule)];
    }

    private static PortRule? Read(YamlNode value, string path, ImmutableArray<NlbMemberConfig>? members, ConfigErrorList errors)
    {
        if (MappingReader.Open(value, path, Keys, errors) is not { } rule)
        {
            return null;
        }

        var name = rule.Required("name") is { } nameAt ? ReadName(nameAt, rule.PathOf("name"), errors) : null;
        var ports = rule.Required("ports") is { } portsAt ? ReadPorts(portsAt, rule.PathOf("ports"), errors) : null;
        var protocol = rule.Required("protocol") is { } protocolAt ? ReadEnum<NlbProtocol>(protocolAt, rule.PathOf("protocol"), "http, tcp, udp", errors) : null;
        var mode = rule.Optional("mode") is { } modeAt ? ReadEnum<FilteringMode>(modeAt, rule.PathOf("mode"), "multiple, single, disabled", errors) : FilteringMode.Multiple;
        var affinity = rule.Optional("affinity") is { } affinityAt ? ReadEnum<Affinity>(affinityAt, rule.PathOf("affinity"), "none, single, network", errors) : Affinity.Single;
        var target = rule.Required("targetPort") is { } targetAt ? ScalarReader.Integer(targetAt, rule.PathOf("targetPort"), 1, 65535, errors) : null;
        var extended = rule.Optional("extendedAffinity") is { } extendedAt
            ? ScalarReader.Duration(extendedAt, rule.PathOf("extendedAffinity"), TimeSpan.Zero, TimeSpan.FromHours(24), errors)
            : TimeSpan.Zero;
        var weights = ReadPerNode(rule, "weights", 0, 100, members, errors);
        var priorities = ReadPerNode(rule, "handlingPriority", 1, NlbConfig.MaxMembers, members, errors);
        var role = rule.Optional("role") is { } roleAt ? ScalarReader.Text(roleAt, rule.PathOf("role"), errors) : null;

        if (ports is { } range && target is { } t && t + range.Last - range.First > 65535)
        {
            errors.Add(rule.PathOf("targetPort"), rule.Optional("targetPort")!, $"targetPort {t} with {range.Last - range.First + 1} ports runs past 65535");
            return null;
        }

        if (name is null || ports is null || protocol is null || mode is null || affinity is null || target is null || extended is null || weights is null || priorities is null)
        {
            return null;
        }

        return new PortRule
        {
            Name = name,
            FirstPort = ports.Value.First,
            LastPort = ports.Value.Last,
            Protocol = protocol.Value,
            Mode = mode.Value,
            Affinity = affinity.Value,
            TargetPort = target.Value,
            ExtendedAffinity = extended.Value,
            Weights = weights,
            HandlingPriorities = priorities,
            Role = role,
        };
    }

    private static string? ReadName(YamlNode at, string path, ConfigErrorList errors)
    {
        if (ScalarReader.Text(at, path, errors) is not { } name)
        {
            return null;
        }

        if (name.Length is 0 or > 63 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add(path, at, $"'{YamlText.Quote(name)}' is not a valid rule name; use 1-63 letters, digits, '-' or '_'");
            return null;
        }

        return name;
    }

    // "8080" or "8080-8089".
    private static (int First, int Last)? ReadPorts(YamlNode at, string path, ConfigErrorList errors)
    {
        if (ScalarReader.Text(at, path, errors) is not { } text)
        {
            return null;
        }

        var parts = text.Split('-');
        var numbers = parts.Select(p => int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToArray();
        if (parts.Length is < 1 or > 2 || numbers.Any(n => n is < 1 or > 65535))
        {
            errors.Add(path, at, $"'{YamlText.Quote(text)}' is not a port or port range; expected PORT or FIRST-LAST, each 1..65535");
            return null;
        }

        var (first, last) = (numbers[0], numbers[^1]);
        if (last < first)
        {
            errors.Add(path, at, $"'{YamlText.Quote(text)}' ends before it starts");
            return null;
        }

        return (first, last);
    }

    internal static T? ReadEnum<T>(YamlNode at, string path, string expected, ConfigErrorList errors)
        where T : struct, Enum
    {
        if (ScalarReader.Text(at, path, errors) is not { } text)
        {
            return null;
        }

        if (text.Length > 0 && char.IsAsciiLetterLower(text[0]) && Enum.TryParse<T>(text, ignoreCase: true, out var value) && !char.IsAsciiDigit(text[0]))
        {
            return value;
        }

        errors.Add(path, at, $"'{YamlText.Quote(text)}' is not one of: {expected}");
        return null;
    }

    private static ImmutableSortedDictionary<string, int>? ReadPerNode(MappingReader rule, string key, int min, int max, ImmutableArray<NlbMemberConfig>? members, ConfigErrorList errors)
    {
        var empty = ImmutableSortedDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal);
        if (rule.Optional(key) is not { } value)
        {
            return empty;
        }

        var path = rule.PathOf(key);
        if (value is not YamlMappingNode mapping)
        {
            errors.Add(path, value, $"expected a mapping of node name to a number {min}..{max}; found {YamlText.Describe(value)}");
            return null;
        }

        var result = empty;
        var failed = false;
        foreach (var (nodeAt, numberAt) in mapping.Children)
        {
            var node = (nodeAt as YamlScalarNode)?.Value ?? string.Empty;
            var itemPath = $"{path}.{node}";
            if (members is { } known && known.All(m => m.Node != node))
            {
                errors.Add(itemPath, nodeAt, $"'{YamlText.Quote(node)}' is not an NLB member (members: {string.Join(", ", known.Select(m => m.Node))})");
                failed = true;
            }
            else if (ScalarReader.Integer(numberAt, itemPath, min, max, errors) is { } number)
            {
                result = result.SetItem(node, number);
            }
            else
            {
                failed = true;
            }
        }

        return failed ? null : result;
    }
}
