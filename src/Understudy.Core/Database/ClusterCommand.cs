using System.Text.Json.Serialization;

namespace Understudy.Core.Database;

/// <summary>
/// A change to the cluster database. Commands are appended to the Raft log by the leader and
/// applied in log order by every node, so every node computes the same <see cref="ClusterState"/>.
/// Each carries the leader's timestamp so that applying it is deterministic. Each feature
/// declares its own commands next to its state and lists them here for (de)serialization.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Membership.NodeUp), "nodeUp")]
[JsonDerivedType(typeof(Membership.NodeDown), "nodeDown")]
[JsonDerivedType(typeof(Membership.NodeQuarantined), "nodeQuarantined")]
[JsonDerivedType(typeof(Membership.NodeQuarantineLifted), "nodeQuarantineLifted")]
[JsonDerivedType(typeof(Membership.NodeSoftwareAnnounced), "nodeSoftware")]
[JsonDerivedType(typeof(Backup.DatabaseRestored), "databaseRestored")]
[JsonDerivedType(typeof(Nlb.NlbAnnounce), "nlbAnnounce")]
[JsonDerivedType(typeof(Nlb.NlbMemberStateSet), "nlbMemberState")]
[JsonDerivedType(typeof(Nlb.NlbWeightSet), "nlbWeight")]
[JsonDerivedType(typeof(Failover.RoleDefined), "roleDefined")]
[JsonDerivedType(typeof(Failover.RoleRemoved), "roleRemoved")]
[JsonDerivedType(typeof(Failover.RoleOwnerChanged), "roleOwnerChanged")]
[JsonDerivedType(typeof(Failover.RoleRestarted), "roleRestarted")]
[JsonDerivedType(typeof(Failover.RoleOnline), "roleOnline")]
[JsonDerivedType(typeof(Failover.RoleFailed), "roleFailed")]
[JsonDerivedType(typeof(Failover.RoleReleased), "roleReleased")]
[JsonDerivedType(typeof(Failover.RoleInterrupted), "roleInterrupted")]
[JsonDerivedType(typeof(NodePaused), "nodePaused")]
[JsonDerivedType(typeof(NodeResumed), "nodeResumed")]
[JsonDerivedType(typeof(MaintenanceChanged), "maintenanceChanged")]
[JsonDerivedType(typeof(OperatorTokenRotated), "operatorTokenRotated")]
[JsonDerivedType(typeof(LeaderElected), "leaderElected")]
[JsonDerivedType(typeof(Clones.CloneInstanceStarted), "cloneInstanceStarted")]
[JsonDerivedType(typeof(Clones.CloneInstanceRemoved), "cloneInstanceRemoved")]
[JsonDerivedType(typeof(Clones.CloneInstanceOnline), "cloneInstanceOnline")]
[JsonDerivedType(typeof(Clones.CloneInstanceRestarted), "cloneInstanceRestarted")]
[JsonDerivedType(typeof(Clones.CloneInstanceFailed), "cloneInstanceFailed")]
[JsonDerivedType(typeof(Clones.CloneStopped), "cloneStopped")]
public abstract record ClusterCommand(DateTimeOffset At)
{
    /// <summary>The database after this command; pure, and never changes <paramref name="state"/>.</summary>
    public abstract ClusterState ApplyTo(ClusterState state);
}
