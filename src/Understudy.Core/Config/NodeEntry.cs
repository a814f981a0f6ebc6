using System.Collections.Immutable;
using System.Net;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>One entry of <c>nodes:</c> as read, before the rules that span nodes are checked.
/// A setting that was missing or invalid is null; its problem is already reported.</summary>
internal sealed record NodeEntry(
    string Path,
    string? Name,
    YamlNode? NameAt,
    IPAddress? Address,
    ImmutableArray<NodePort> Ports,
    bool? Vote,
    bool? Witness = false,
    YamlNode? WitnessAt = null)
{
    /// <summary>The node, or null if any of its settings was missing or invalid.</summary>
    public NodeConfig? ToConfig()
    {
        if (Name is null || Address is null || Vote is not { } vote || Witness is not { } witness || Ports.Any(p => p.Number is null))
        {
            return null;
        }

        return new NodeConfig
        {
            Name = Name,
            Address = Address,
            ApiPort = PortOf("apiPort"),
            RaftPort = PortOf("raftPort"),
            HeartbeatPort = PortOf("heartbeatPort"),
            Vote = vote,
            Witness = witness,
        };
    }

    private int PortOf(string key) => Ports.Single(p => p.Key == key).Number!.Value;
}
