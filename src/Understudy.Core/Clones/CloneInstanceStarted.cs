using Understudy.Core.Database;

namespace Understudy.Core.Clones;

/// <summary>A clone role gets a new instance on <paramref name="Node"/>, Pending, with the next
/// value of the cluster's fencing counter as its token.</summary>
public sealed record CloneInstanceStarted(DateTimeOffset At, string Role, string Node, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        if (!state.Roles.TryGetValue(Role, out var role) || !role.Definition.IsClone || role.Instances.ContainsKey(Node))
        {
            return state;
        }

        var token = state.FencingCounter + 1;
        var instance = new CloneInstance { Node = Node, Token = token, Since = At, Reason = Reason };
        return (state with { FencingCounter = token }).WithRole(role.WithInstance(instance))
            .WithEvent(At, "CloneStarting", Role, Node, $"instance on {Node} (token {token}): {Reason}");
    }
}
