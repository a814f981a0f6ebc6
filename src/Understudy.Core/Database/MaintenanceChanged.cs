namespace Understudy.Core.Database;

/// <summary>Maintenance mode on or off: while on, the cluster acts on no failure and leaves
/// resources as they are.</summary>
public sealed record MaintenanceChanged(DateTimeOffset At, bool On) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state) => state.Maintenance == On
        ? state
        : (state with { Maintenance = On }).WithEvent(At, "Maintenance", null, null, On ? "maintenance mode on" : "maintenance mode off");
}
