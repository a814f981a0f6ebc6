using System.Collections.Immutable;
using Understudy.Core.Failover;

namespace Understudy.Core.Clones;

/// <summary>
/// <c>${nodeAddress}</c>: in a clone role's process arguments, environment values and probe URL or
/// endpoint, replaced by the address of the node that runs the instance, so one definition serves
/// on every node's own address.
/// </summary>
public static class NodeAddressToken
{
    /// <summary>The token as written in the cluster file.</summary>
    public const string Text = "${nodeAddress}";

    /// <summary>Environment variable with the node's address, given to clone instances' processes
    /// (the same command line on every node can then listen on its own node's address).</summary>
    public const string Variable = "UNDERSTUDY_NODE_ADDRESS";

    /// <summary><paramref name="value"/> with the token replaced by <paramref name="address"/>.</summary>
    public static string Fill(string value, string address)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace(Text, address, StringComparison.Ordinal);
    }

    /// <summary>A clone role's definition as its instance on the node at <paramref name="address"/>
    /// runs it: the token filled in every process argument, environment value and probe target,
    /// and <see cref="Variable"/> in every process's environment.</summary>
    public static RoleDefinition ForNode(RoleDefinition role, string address)
    {
        ArgumentNullException.ThrowIfNull(role);
        string Filled(string text) => Fill(text, address);
        ResourceDefinition Resource(ResourceDefinition r) => r switch
        {
            { Process: { } p } => r with
            {
                Process = p with
                {
                    Arguments = [.. p.Arguments.Select(Filled)],
                    Environment = p.Environment.ToImmutableSortedDictionary(e => e.Key, e => Filled(e.Value), StringComparer.Ordinal).SetItem(Variable, address),
                },
            },
            { Probe: { } probe } => r with { Probe = probe with { HttpUrl = probe.HttpUrl is { } u ? Filled(u) : null, TcpEndpoint = probe.TcpEndpoint is { } t ? Filled(t) : null } },
            _ => r,
        };
        return role with { Resources = [.. role.Resources.Select(Resource)] };
    }
}
