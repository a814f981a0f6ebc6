using Understudy.Core.Failover;
using Understudy.Core.Membership;
using static Understudy.Core.Tests.Failover.Roles;

namespace Understudy.Core.Tests.Failover;

public sealed class PlacementTests
{
    private static readonly Dictionary<string, string?> NoOwners = [];

    [Theory]
    [InlineData(new string[0], new string[0], "a,b,c")]
    [InlineData(new[] { "c" }, new string[0], "c,a,b")]
    [InlineData(new[] { "c", "b" }, new string[0], "c,b,a")]
    [InlineData(new[] { "c" }, new[] { "a", "b" }, "a,b")]
    [InlineData(new[] { "x", "b" }, new string[0], "b,a,c")]
    public void Preference_PreferredFirstThenFileOrder_PossibleOwnersHard(string[] preferred, string[] possible, string expected)
    {
        var role = Role(with: r => r with { PreferredOwners = [.. preferred], PossibleOwners = [.. possible] });

        Assert.Equal(expected, string.Join(",", Placement.Preference(role, Nodes)));
    }

    [Theory]
    [InlineData(NodeState.Up, NodeState.Up, "a")]
    [InlineData(NodeState.Down, NodeState.Up, "b")]
    [InlineData(NodeState.Paused, NodeState.Up, "b")]
    [InlineData(NodeState.Joining, NodeState.Up, "b")]
    [InlineData(NodeState.Down, NodeState.Paused, "c")]
    public void Choose_SkipsNodesThatAreNotUp(NodeState a, NodeState b, string expected)
    {
        var state = Cluster(("a", a), ("b", b), ("c", NodeState.Up));

        Assert.Equal(expected, Placement.Choose(Role(), state, Nodes, null, NoOwners));
    }

    [Fact]
    public void Choose_NoQualifyingNode_Null()
    {
        var state = Cluster(("a", NodeState.Up), ("b", NodeState.Down), ("c", NodeState.Down));

        Assert.Null(Placement.Choose(Role(with: r => r with { PossibleOwners = ["b", "c"] }), state, Nodes, null, NoOwners));
        Assert.Null(Placement.Choose(Role(), state, Nodes, "a", NoOwners));
    }

    [Fact]
    public void Choose_AntiAffinity_AvoidsNodeWithSameClassUnlessNothingElse()
    {
        var db1 = Role("db1", r => r with { AntiAffinity = ["db"] });
        var db2 = Role("db2", r => r with { AntiAffinity = ["db"] });
        var web = Role("web");
        var state = Cluster().Define(db1).Define(db2).Define(web);
        var owners = new Dictionary<string, string?> { ["db1"] = "a", ["web"] = "b" };

        Assert.Equal("b", Placement.Choose(db2, state, Nodes, null, owners));
        Assert.Equal("a", Placement.Choose(web, state, Nodes, null, owners));

        var onlyA = Cluster(("a", NodeState.Up), ("b", NodeState.Down), ("c", NodeState.Down)).Define(db1).Define(db2);
        Assert.Equal("a", Placement.Choose(db2, onlyA, Nodes, null, owners));
    }

    [Fact]
    public void StartOrder_DependenciesFirst()
    {
        var role = Role(with: r => r with
        {
            Resources =
            [
                r.Resources[0] with { Name = "probe", DependsOn = ["server"] },
                r.Resources[0] with { Name = "server", DependsOn = ["ip"] },
                r.Resources[0] with { Name = "ip" },
            ],
        });

        Assert.Equal("ip,server,probe", string.Join(",", role.StartOrder().Select(x => x.Name)));
        Assert.Empty(Placement.Preference(Role(with: x => x with { PossibleOwners = ["z"] }), Nodes));
    }
}
