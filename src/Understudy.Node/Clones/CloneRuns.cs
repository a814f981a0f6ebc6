using System.Collections.Immutable;
using Understudy.Core.Clones;
using Understudy.Core.Config;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Node.Failover;

namespace Understudy.Node.Clones;

/// <summary>
/// This node's clone instances as the database records them, with this node's address in their
/// processes' environment. They run whether or not the node holds its cluster lease
/// (docs/failover.md, "Clone roles"); their guards watch <see cref="CloneLease"/> instead.
/// </summary>
internal sealed class CloneRuns(ClusterConfig config)
{
    /// <summary>Environment variable with this node's address, given to clone instances' processes
    /// (the same command line on every node can then listen on its own node's address).</summary>
    public const string NodeAddressVariable = "UNDERSTUDY_NODE_ADDRESS";

    /// <summary>Instances <paramref name="node"/> should run: Pending or Online ones.</summary>
    public IEnumerable<DesiredRun> Desired(ClusterState state, string node) =>
        from role in state.Roles.Values
        where role.Definition.IsClone && !role.Stopped
        let instance = role.Instances.GetValueOrDefault(node)
        where instance is { State: RoleState.Pending or RoleState.Online }
        select new DesiredRun(new RoleKey(role.Name, instance.Token, role.Revision, instance.Restarts), WithAddress(role.Definition, node), instance.State == RoleState.Pending, IsClone: true);

    private RoleDefinition WithAddress(RoleDefinition role, string node)
    {
        if (config.FindNode(node) is not { } entry)
        {
            return role;
        }

        var address = entry.Address.ToString();
        string Fill(string text) => NodeAddressToken.Fill(text, address);
        ResourceDefinition Resource(ResourceDefinition r) => r switch
        {
            { Process: { } p } => r with
            {
                Process = p with
                {
                    Arguments = [.. p.Arguments.Select(Fill)],
                    Environment = p.Environment.ToImmutableSortedDictionary(e => e.Key, e => Fill(e.Value), StringComparer.Ordinal).SetItem(NodeAddressVariable, address),
                },
            },
            { Probe: { } probe } => r with { Probe = probe with { HttpUrl = probe.HttpUrl is { } u ? Fill(u) : null, TcpEndpoint = probe.TcpEndpoint is { } t ? Fill(t) : null } },
            _ => r,
        };
        return role with { Resources = [.. role.Resources.Select(Resource)] };
    }
}
