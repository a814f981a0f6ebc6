using Understudy.Core.Database;

namespace Understudy.Core.Failover;

/// <summary>
/// The role gets a new owner (or none), with the next fencing token of the cluster. Every change
/// of owner goes through this command, so tokens only grow.
/// </summary>
/// <param name="At">Leader's clock.</param>
/// <param name="Role">Role name.</param>
/// <param name="Owner">New owner, or null to stop the role.</param>
/// <param name="Kind">Why: decides what is counted and what is awaited.</param>
/// <param name="AwaitRelease">True when the previous owner must confirm it stopped the role (or
/// its lease must surely end) before the new owner may start it. A release already pending is
/// kept either way.</param>
/// <param name="Reason">Why, for people.</param>
public sealed record RoleOwnerChanged(DateTimeOffset At, string Role, string? Owner, MoveKind Kind, bool AwaitRelease, string Reason)
    : ClusterCommand(At)
{
    /// <summary>The resource whose failure moves the role past its restart policy, or null.
    /// Recorded as a <c>ResourceFailed</c> event before the move, as every failure is.</summary>
    public string? FailedResource { get; init; }

    /// <summary>Why <see cref="FailedResource"/> failed, as its owner reported it.</summary>
    public string? FailureReason { get; init; }

    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        if (!state.Roles.TryGetValue(Role, out var role))
        {
            return state;
        }

        var token = state.NextFencingToken;
        var failovers = Kind == MoveKind.Failover
            ? role.FailoverTimes.Where(t => At - t < role.Definition.Failover.Window).Append(At).ToImmutableArrayValue()
            : role.FailoverTimes;
        var next = (role with
        {
            Owner = Owner,
            FencingToken = token,
            State = Owner is null ? RoleState.Offline : RoleState.Pending,
            Restarts = 0,
            RestartTimes = [],
            FailoverTimes = failovers,
            // A release still pending stays pending: the owner being replaced never started the
            // role (it was waiting for that release), so the node that may still run it is the
            // one awaited, whatever the kind of this move.
            AwaitingRelease = role.AwaitingRelease is { } pending && pending != Owner ? pending
                : AwaitRelease && role.Owner is { } previous && previous != Owner ? previous : null,
            FailedOver = Kind switch
            {
                MoveKind.Failover => true,
                MoveKind.Place => role.FailedOver,
                _ => false,
            },
            DrainedFrom = Kind == MoveKind.Drain ? role.Owner : Kind is MoveKind.Failback or MoveKind.Move or MoveKind.Stop ? null : role.DrainedFrom,
            Stopped = Kind == MoveKind.Stop,
            Since = At,
            Reason = Reason,
        }).WithAllResources(Owner is null ? ResourceState.Offline : ResourceState.Pending);
        var text = Owner is null ? $"stopped: {Reason}" : $"{Kind.ToString().ToLowerInvariant()} to {Owner} (token {token}): {Reason}";
        var withFailure = FailedResource is null ? state : state.WithEvent(At, "ResourceFailed", Role, role.Owner, $"{FailedResource}: {FailureReason ?? "failed"}");
        return (withFailure with { FencingCounter = token }).WithRole(next).WithEvent(At, Owner is null ? "RoleStopped" : "RoleMoving", Role, Owner, text);
    }
}
