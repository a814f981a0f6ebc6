using System.Net;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Rules that span the nodes of a cluster file: unique names, unique endpoints, a voter.
/// Each rule looks only at settings that were read successfully, so one bad value is reported
/// once rather than again as a clash.</summary>
internal static class NodeRules
{
    /// <summary>Checks <paramref name="nodes"/>, the entries of the list <paramref name="list"/> at
    /// <paramref name="path"/> that could be read.</summary>
    public static void Check(IReadOnlyList<NodeEntry> nodes, YamlNode list, string path, ConfigErrorList errors)
    {
        CheckNames(nodes, errors);
        CheckEndpoints(nodes, errors);
        CheckVoters(nodes, list, path, errors);
        CheckWitnesses(nodes, errors);
    }

    // A witness exists to be a vote; one that does not vote is nothing at all.
    private static void CheckWitnesses(IReadOnlyList<NodeEntry> nodes, ConfigErrorList errors)
    {
        foreach (var node in nodes.Where(n => n is { Witness: true, Vote: false, WitnessAt: not null }))
        {
            errors.Add($"{node.Path}.witness", node.WitnessAt!, "a witness is a vote and nothing else; remove 'vote: false' (or 'witness: true')");
        }
    }

    // Case-insensitive: node names become directory names, and Windows and macOS file systems
    // would merge "alpha" and "Alpha".
    private static void CheckNames(IReadOnlyList<NodeEntry> nodes, ConfigErrorList errors)
    {
        var seen = new Dictionary<string, NodeEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in nodes)
        {
            if (node.Name is not { } name || node.NameAt is not { } at)
            {
                continue;
            }

            if (seen.TryGetValue(name, out var first))
            {
                errors.Add($"{node.Path}.name", at, $"'{name}' is already the name of {first.Path}; node names must be unique (ignoring case)");
            }
            else
            {
                seen.Add(name, node);
            }
        }
    }

    // Every port of every node is a distinct (address, port) — the API's on its apiAddress when it
    // has one: two nodes may share an address (a demo on one machine) only with different ports.
    private static void CheckEndpoints(IReadOnlyList<NodeEntry> nodes, ConfigErrorList errors)
    {
        var owners = new Dictionary<IPEndPoint, (NodeEntry Node, string Key)>();
        foreach (var node in nodes)
        {
            foreach (var port in node.Ports)
            {
                if (port.Number is not { } number || node.AddressOf(port.Key) is not { } address)
                {
                    continue;
                }

                var endpoint = new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, number);
                if (!owners.TryGetValue(endpoint, out var owner))
                {
                    owners.Add(endpoint, (node, port.Key));
                }
                else if (ReferenceEquals(owner.Node, node))
                {
                    errors.Add($"{node.Path}.{port.Key}", port.At, $"port {number} is already this node's {owner.Key}; a node's three ports must differ");
                }
                else
                {
                    errors.Add($"{node.Path}.{port.Key}", port.At, $"{endpoint} is already used by {owner.Node.Path}.{owner.Key}");
                }
            }
        }
    }

    // Raft needs a majority of voters; with none, no leader can ever be elected.
    private static void CheckVoters(IReadOnlyList<NodeEntry> nodes, YamlNode list, string path, ConfigErrorList errors)
    {
        if (nodes.Count > 0 && nodes.All(n => n.Vote == false))
        {
            errors.Add(path, list, "no node votes; at least one node needs 'vote: true' for the cluster to elect a leader");
        }
    }
}
