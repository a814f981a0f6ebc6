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
    /// <summary>The API's own address (<c>apiAddress</c>), or null for <see cref="Address"/>.</summary>
    public IPAddress? ApiAddress { get; init; }

    /// <summary>Whether <c>apiAddress</c> was given but is not a usable address (already reported).</summary>
    public bool ApiAddressInvalid { get; init; }

    /// <summary>The address a port of this node listens on: the API's own for <c>apiPort</c>.</summary>
    public IPAddress? AddressOf(string portKey) => portKey == "apiPort" ? ApiAddress ?? Address : Address;

    /// <summary>The node, or null if any of its settings was missing or invalid.</summary>
    public NodeConfig? ToConfig()
    {
        if (Name is null || Address is null || ApiAddressInvalid || Vote is not { } vote || Witness is not { } witness || Ports.Any(p => p.Number is null))
        {
            return null;
        }

        return new NodeConfig
        {
            Name = Name,
            Address = Address,
            ApiAddress = ApiAddress,
            ApiPort = PortOf("apiPort"),
            RaftPort = PortOf("raftPort"),
            HeartbeatPort = PortOf("heartbeatPort"),
            Vote = vote,
            Witness = witness,
        };
    }

    private int PortOf(string key) => Ports.Single(p => p.Key == key).Number!.Value;
}
