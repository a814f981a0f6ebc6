using System.Collections.Immutable;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;

namespace Understudy.Core.Tests.Failover;

/// <summary>Builders for failover tests: a three-node cluster a, b, c and simple roles.</summary>
internal static class Roles
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static readonly ImmutableArray<string> Nodes = ["a", "b", "c"];

    public static FailoverView View(params string[] leaseExpired) => new(Nodes, [.. leaseExpired]);

    public static RoleDefinition Role(string name = "r", Func<RoleDefinition, RoleDefinition>? with = null)
    {
        var role = new RoleDefinition
        {
            Name = name,
            Resources = [new ResourceDefinition { Name = "p", Kind = ResourceKind.Process, Process = new ProcessSpec("true", [], ImmutableSortedDictionary<string, string>.Empty, null, 15, TimeSpan.FromSeconds(1)) }],
        };
        return with is null ? role : with(role);
    }

    public static ClusterState Cluster(params (string Node, NodeState State)[] nodes)
    {
        var state = ClusterState.Empty;
        var names = nodes.Length == 0 ? Nodes.Select(n => (n, NodeState.Up)).ToArray() : nodes;
        foreach (var (node, nodeState) in names)
        {
            state = state.WithNode(new NodeStatus(node, nodeState, T0, 1, 1, null));
        }

        return state;
    }

    public static ClusterState Run(this ClusterState state, IEnumerable<ClusterCommand> commands)
    {
        foreach (var command in commands)
        {
            state = state.Apply(command, state.Version + 1);
        }

        return state;
    }

    public static ClusterState Define(this ClusterState state, RoleDefinition role) => state.Run([new RoleDefined(T0, role, "test")]);

    public static ClusterState Own(this ClusterState state, string role, string node) =>
        state.Run([new RoleOwnerChanged(T0, role, node, MoveKind.Place, false, "test"), new RoleOnline(T0, role, state.FencingCounter + 1)]);
}
