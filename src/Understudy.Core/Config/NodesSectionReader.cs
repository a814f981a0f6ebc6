using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads the <c>nodes:</c> section: a list of 1 to <see cref="MaxNodes"/> nodes.</summary>
internal static class NodesSectionReader
{
    /// <summary>Most nodes in one cluster. Heartbeats go from every node to every other one,
    /// so traffic grows with the square of the size; 64 is also the limit of a Windows Server
    /// failover cluster, which this product stands in for.</summary>
    public const int MaxNodes = 64;

    public static void Read(YamlNode value, string path, ClusterFileDraft draft, ConfigErrorList errors)
    {
        if (value is not YamlSequenceNode list)
        {
            errors.Add(path, value, $"expected a list of nodes, each with a name and an address; found {YamlText.Describe(value)}");
            return;
        }

        if (list.Children.Count == 0)
        {
            errors.Add(path, list, "at least one node is required");
            return;
        }

        if (list.Children.Count > MaxNodes)
        {
            errors.Add(path, list, $"{list.Children.Count} nodes is more than the {MaxNodes} a cluster supports");
        }

        var entries = new List<NodeEntry>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (NodeReader.Read(list.Children[i], $"{path}[{i}]", errors) is { } entry)
            {
                entries.Add(entry);
            }
        }

        NodeRules.Check(entries, list, path, errors);
        var nodes = entries.Select(e => e.ToConfig()).ToList();
        if (nodes.Count == list.Children.Count && nodes.All(n => n is not null) && nodes.Count <= MaxNodes)
        {
            draft.Nodes = [.. nodes.Select(n => n!)];
        }
    }
}
