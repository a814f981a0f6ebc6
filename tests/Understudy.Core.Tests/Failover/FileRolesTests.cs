using Understudy.Core.Database;
using Understudy.Core.Failover;

namespace Understudy.Core.Tests.Failover;

public sealed class FileRolesTests
{
    [Fact]
    public void FreshDatabase_SeedsEveryDeclaredRole_MarkedFromFile()
    {
        var seeds = FileRoles.ToSeed(Roles.Cluster(), [Roles.Role("x"), Roles.Role("y")], Roles.T0).ToList();

        Assert.Equal(["x", "y"], seeds.Select(s => s.Definition.Name));
        Assert.All(seeds, s => Assert.True(s.FromFile));
    }

    [Fact]
    public void SeededRole_RemovedThroughTheApi_IsNotSeededAgain()
    {
        var state = Apply(Roles.Cluster(), FileRoles.ToSeed(Roles.Cluster(), [Roles.Role("x")], Roles.T0));
        state = new RoleRemoved(Roles.T0, "x", "removed through the API").ApplyTo(state);

        Assert.False(state.Roles.ContainsKey("x"));
        Assert.Empty(FileRoles.ToSeed(state, [Roles.Role("x")], Roles.T0));
    }

    [Fact]
    public void RoleNewlyWrittenIntoTheFile_IsSeeded_OthersAreNot()
    {
        var state = Apply(Roles.Cluster(), FileRoles.ToSeed(Roles.Cluster(), [Roles.Role("x")], Roles.T0));

        var seeds = FileRoles.ToSeed(state, [Roles.Role("x"), Roles.Role("z")], Roles.T0);

        Assert.Equal(["z"], seeds.Select(s => s.Definition.Name));
    }

    [Fact]
    public void RoleAlreadyDefinedThroughTheApi_IsLeftAlone()
    {
        var state = new RoleDefined(Roles.T0, Roles.Role("x", r => r with { Priority = StartPriority.High }), "added through the API").ApplyTo(Roles.Cluster());

        Assert.Empty(FileRoles.ToSeed(state, [Roles.Role("x")], Roles.T0));
        Assert.Equal(StartPriority.High, state.Roles["x"].Definition.Priority);
    }

    private static ClusterState Apply(ClusterState state, IEnumerable<ClusterCommand> commands) =>
        commands.Aggregate(state, (s, c) => c.ApplyTo(s));
}
