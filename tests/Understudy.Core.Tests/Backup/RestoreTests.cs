using Understudy.Core.Backup;
using Understudy.Core.Failover;
using Understudy.Core.Membership;
using Understudy.Core.Tests.Failover;
using Understudy.Core.Database;

namespace Understudy.Core.Tests.Backup;

/// <summary>A restore puts the backup's roles back unowned, with the fencing counter never going back.</summary>
public sealed class RestoreTests
{
    private static readonly DateTimeOffset T1 = Roles.T0.AddHours(1);

    [Fact]
    public void Apply_IntoAFreshCluster_RolesComeBackUnownedAndTheCounterIsTheBackups()
    {
        var backup = Backup(Owned("kv", "a", token: 7) with { Restarts = 2 }, Owned("web", null, token: 0) with { Stopped = true });
        var fresh = Roles.Cluster() with { FencingCounter = 3 };

        var restored = fresh.Apply(DatabaseRestored.From(backup, T1), 10);

        Assert.Equal(["kv", "web"], restored.Roles.Keys);
        Assert.All(restored.Roles.Values, r => Assert.Equal((null, RoleState.Offline, 0, 0L), (r.Owner, r.State, r.Restarts, r.FencingToken)));
        Assert.False(restored.Roles["kv"].Stopped);
        Assert.True(restored.Roles["web"].Stopped);
        Assert.Equal(9, restored.FencingCounter);
        Assert.Equal("DatabaseRestored", restored.Events[^1].Kind);
    }

    [Fact]
    public void Apply_CounterHigherNowThanInTheBackup_KeepsTheHigherOne()
    {
        var restored = (Roles.Cluster() with { FencingCounter = 50 }).Apply(DatabaseRestored.From(Backup(Owned("kv", "a", 7)), T1), 10);

        Assert.Equal(50, restored.FencingCounter);
    }

    [Fact]
    public void Apply_ARoleIsRunning_IsRefusedAndChangesNoRole()
    {
        var running = Roles.Cluster().WithRole(Owned("kv", "b", 1));

        var after = running.Apply(DatabaseRestored.From(Backup(Owned("other", null, 0)), T1), 10);

        Assert.Equal(["kv"], after.Roles.Keys);
        Assert.Equal(ClusterState.CommandRefusedKind, after.Events[^1].Kind);
    }

    [Fact]
    public void Check_EachRefusal_SaysWhatToDo()
    {
        var backup = Backup(Owned("kv", "a", 7));

        Assert.Null(RestoreRules.Check(backup, "c1", Roles.Cluster()));
        Assert.Contains("not of 'c2'", RestoreRules.Check(backup, "c2", Roles.Cluster()), StringComparison.Ordinal);
        Assert.Contains("upgrade the cluster first", RestoreRules.Check(backup with { Protocol = DatabaseProtocol.Current + 1 }, "c1", Roles.Cluster()), StringComparison.Ordinal);
        Assert.Contains("not a backup this version reads", RestoreRules.Check(backup with { Format = "other/9" }, "c1", Roles.Cluster()), StringComparison.Ordinal);
        Assert.Contains("understudy role stop NAME --wait", RestoreRules.Check(backup, "c1", Roles.Cluster().WithRole(Owned("x", "a", 1))), StringComparison.Ordinal);
    }

    private static RoleStatus Owned(string name, string? owner, long token) =>
        new RoleStatus { Definition = Roles.Role(name), Owner = owner, State = owner is null ? RoleState.Offline : RoleState.Online, FencingToken = token }.WithAllResources(ResourceState.Online);

    private static BackupDocument Backup(params RoleStatus[] roles)
    {
        var database = Roles.Cluster();
        foreach (var role in roles)
        {
            database = database.WithRole(role);
        }

        return new BackupDocument
        {
            Format = BackupDocument.CurrentFormat,
            Cluster = "c1",
            Software = "0.1.0",
            Protocol = DatabaseProtocol.Current,
            Database = database with { FencingCounter = roles.Max(r => r.FencingToken) + 2, Version = 41 },
        };
    }
}
