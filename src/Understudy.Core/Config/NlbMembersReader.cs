using System.Collections.Immutable;
using System.Net;
using Understudy.Core.Nlb;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads <c>nlb.members</c>. Absent, every node is a member with host priority in file
/// order (1, 2, …) and its own address as dedicated address.</summary>
internal static class NlbMembersReader
{
    private static ImmutableArray<string> Keys { get; } = ["node", "hostPriority", "dedicatedAddress"];

    public static ImmutableArray<NlbMemberConfig>? Read(YamlNode? value, string path, YamlNode section, ClusterFileDraft draft, ConfigErrorList errors)
    {
        var nodes = draft.Nodes;
        if (value is null)
        {
            if (nodes is { Length: > NlbConfig.MaxMembers })
            {
                errors.Add(path, section, $"{nodes.Value.Length} nodes is more than the {NlbConfig.MaxMembers} NLB members a cluster supports; list the members");
                return null;
            }

            return nodes?.Select((n, i) => new NlbMemberConfig(n.Name, i + 1, n.Address)).ToImmutableArray();
        }

        if (value is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            errors.Add(path, value, $"expected a list of members, each with node and hostPriority; found {YamlText.Describe(value)}");
            return null;
        }

        if (list.Children.Count > NlbConfig.MaxMembers)
        {
            errors.Add(path, list, $"{list.Children.Count} members is more than the {NlbConfig.MaxMembers} a cluster supports");
        }

        var members = new List<NlbMemberConfig>();
        var failed = false;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var priorities = new Dictionary<int, string>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (MappingReader.Open(list.Children[i], itemPath, Keys, errors) is not { } item)
            {
                failed = true;
                continue;
            }

            var nodeAt = item.Required("node");
            var name = nodeAt is null ? null : ScalarReader.Text(nodeAt, item.PathOf("node"), errors);
            var node = name is null ? null : nodes?.FirstOrDefault(n => n.Name == name);
            if (name is not null && nodes is not null && node is null)
            {
                errors.Add(item.PathOf("node"), nodeAt!, $"'{YamlText.Quote(name)}' is not a node of this cluster (nodes: {string.Join(", ", nodes.Value.Select(n => n.Name))})");
                name = null;
            }
            else if (name is not null && !names.TryAdd(name, itemPath))
            {
                errors.Add(item.PathOf("node"), nodeAt!, $"'{name}' is already listed at {names[name]}");
                name = null;
            }

            var priorityAt = item.Required("hostPriority");
            var priority = priorityAt is null ? null : ScalarReader.Integer(priorityAt, item.PathOf("hostPriority"), 1, NlbConfig.MaxMembers, errors);
            if (priority is { } p && !priorities.TryAdd(p, itemPath))
            {
                errors.Add(item.PathOf("hostPriority"), priorityAt!, $"host priority {p} is already {priorities[p]}'s; host priorities must be unique");
                priority = null;
            }

            IPAddress? dedicated = item.Optional("dedicatedAddress") is { } dedicatedAt
                ? NodeReader.ReadAddress(dedicatedAt, item.PathOf("dedicatedAddress"), errors)
                : node?.Address;
            if (name is null || priority is null || dedicated is null)
            {
                failed = true;
                continue;
            }

            members.Add(new NlbMemberConfig(name, priority.Value, dedicated));
        }

        return failed || nodes is null ? null : [.. members];
    }
}
