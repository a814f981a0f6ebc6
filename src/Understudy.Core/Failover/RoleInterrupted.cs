using Understudy.Core.Database;

namespace Understudy.Core.Failover;

/// <summary>The owner's lease lapsed and it restarted the role's workload in place under the same
/// token (<see cref="RoleReportKind.Interrupted"/>): recorded as a <c>RoleInterrupted</c> event,
/// so a workload that was killed and started again never goes unrecorded. Ignored unless the
/// token and owner are current.</summary>
public sealed record RoleInterrupted(DateTimeOffset At, string Role, string Node, long Token, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state) =>
        state.Roles.TryGetValue(Role, out var role) && role.FencingToken == Token && role.Owner == Node
            ? state.WithEvent(At, "RoleInterrupted", Role, Node, Reason)
            : state;
}
