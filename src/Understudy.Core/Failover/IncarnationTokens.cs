using Understudy.Core.Clones;
using Understudy.Core.Database;

namespace Understudy.Core.Failover;

/// <summary>
/// A node that comes back as a new incarnation (its process restarted) never runs a role under
/// the token of its previous incarnation: every failover role it still owns, and its instance of
/// every clone role, gets the next fencing token and starts over as Pending. The previous
/// incarnation's workload is a different instance (it may even still be running, orphaned, if
/// the node was killed), so the fencing token must tell the two apart — found by the chaos
/// history checker (issue 13), which saw two kv processes of one node hold one token.
/// </summary>
public static class IncarnationTokens
{
    /// <summary>The database with fresh tokens for everything <paramref name="node"/> owns.</summary>
    public static ClusterState Renew(ClusterState state, string node, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var role in state.Roles.Values.Where(r => Owns(r, node)).ToList())
        {
            var token = state.NextFencingToken;
            var next = role.Definition.IsClone
                ? role.WithInstance(role.Instances[node] with { Token = token, State = RoleState.Pending, Since = at, Reason = "node restarted" })
                : (role with { FencingToken = token, State = RoleState.Pending, Since = at, Reason = "owner restarted" }).WithAllResources(ResourceState.Pending);
            state = (state with { FencingCounter = token }).WithRole(next)
                .WithEvent(at, "TokenRenewed", role.Name, node, $"{node} restarted: its instance starts again under token {token}");
        }

        return state;
    }

    private static bool Owns(RoleStatus role, string node) => role.Definition.IsClone
        ? role.Instances.TryGetValue(node, out var instance) && instance.State is RoleState.Pending or RoleState.Online
        : role.Owner == node && role.State is RoleState.Pending or RoleState.Online;
}
