using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads one entry of <c>nodes:</c>; the rules across nodes are in <see cref="NodeRules"/>.</summary>
internal static class NodeReader
{
    private const int MaxNameLength = 63;

    private static ImmutableArray<string> Keys { get; } = ["name", "address", "apiAddress", "apiPort", "raftPort", "heartbeatPort", "vote", "witness"];

    private static ImmutableArray<(string Key, int Default)> PortKeys { get; } =
    [
        ("apiPort", NodeConfig.DefaultApiPort),
        ("raftPort", NodeConfig.DefaultRaftPort),
        ("heartbeatPort", NodeConfig.DefaultHeartbeatPort),
    ];

    public static NodeEntry? Read(YamlNode value, string path, ConfigErrorList errors)
    {
        if (MappingReader.Open(value, path, Keys, errors) is not { } node)
        {
            return null;
        }

        var nameAt = node.Required("name");
        var name = nameAt is null ? null : ReadName(nameAt, node.PathOf("name"), errors);
        var addressAt = node.Required("address");
        var address = addressAt is null ? null : ReadAddress(addressAt, node.PathOf("address"), errors);
        var apiAddressAt = node.Optional("apiAddress");
        var apiAddress = apiAddressAt is null ? null : ReadAddress(apiAddressAt, node.PathOf("apiAddress"), errors);
        var ports = PortKeys
            .Select(p => node.Optional(p.Key) is { } at
                ? new NodePort(p.Key, ScalarReader.Integer(at, node.PathOf(p.Key), 1, 65535, errors), at)
                : new NodePort(p.Key, p.Default, node.Node))
            .ToImmutableArray();
        var vote = node.Optional("vote") is { } voteAt ? ScalarReader.Boolean(voteAt, node.PathOf("vote"), errors) : true;
        var witness = node.Optional("witness") is { } witnessAt ? ScalarReader.Boolean(witnessAt, node.PathOf("witness"), errors) : false;
        return new NodeEntry(path, name, nameAt, address, ports, vote, witness, node.Optional("witness"))
        {
            ApiAddress = apiAddress,
            ApiAddressInvalid = apiAddressAt is not null && apiAddress is null,
        };
    }

    // Letters, digits, '-' and '_': usable as a directory name, a log field and a CLI argument.
    private static string? ReadName(YamlNode at, string path, ConfigErrorList errors)
    {
        if (ScalarReader.Text(at, path, errors) is not { } name)
        {
            return null;
        }

        if (name.Length is 0 or > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add(path, at, $"'{YamlText.Quote(name)}' is not a valid node name; use 1-{MaxNameLength} letters, digits, '-' or '_'");
            return null;
        }

        return name;
    }

    // Literals only: a host name would make membership depend on a resolver at start-up.
    // Also reads the addresses of the nlb: section.
    internal static IPAddress? ReadAddress(YamlNode at, string path, ConfigErrorList errors)
    {
        if (ScalarReader.Text(at, path, errors) is not { } text)
        {
            return null;
        }

        if (ParseLiteral(text) is not { } address)
        {
            errors.Add(path, at, $"'{YamlText.Quote(text)}' is not an IP address; expected an IPv4 or IPv6 literal such as 127.0.0.11");
            return null;
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            errors.Add(path, at, $"'{YamlText.Quote(text)}' is the unspecified address; peers cannot reach a node there");
            return null;
        }

        return address;
    }

    // IPAddress.TryParse also takes "127.1" and "2130706443"; a cluster file wants the four
    // dotted parts people expect, so IPv4 is checked for shape first.
    private static IPAddress? ParseLiteral(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }

        var parts = text.Split('.');
        var dotted = parts.Length == 4 && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit));
        return dotted && IPAddress.TryParse(text, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork ? v4 : null;
    }
}
