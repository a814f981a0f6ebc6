using System.Collections.Immutable;
using Understudy.Cli.Commands;
using Understudy.Node.Api;

namespace Understudy.Cli.Tests.Scripting;

/// <summary>The goals of <c>--wait</c>: exact on each side of the state they wait for.</summary>
public sealed class WaitGoalsTests
{
    [Theory]
    [InlineData("Online", "b", null)]
    [InlineData("Pending", "b", "role kv is Pending on b")]
    [InlineData("Online", "a", "role kv is Online on a")]
    public void RoleMoved_ToB(string state, string owner, string? missing) =>
        Assert.Equal(missing, WaitGoals.RoleMoved("kv", "b", "a").Missing(Status(Role(state, owner))));

    [Theory]
    [InlineData("Online", "c", null)]
    [InlineData("Online", "a", "role kv is Online on a")]
    public void RoleMoved_NoTarget_AnyNodeButTheOldOwner(string state, string owner, string? missing) =>
        Assert.Equal(missing, WaitGoals.RoleMoved("kv", null, "a").Missing(Status(Role(state, owner))));

    [Fact]
    public void RoleStopped_OfflineWithoutOwner_Reached_OnlineNot()
    {
        Assert.Null(WaitGoals.RoleStopped("kv").Missing(Status(Role("Offline", null))));
        Assert.Equal("role kv is Online on a", WaitGoals.RoleStopped("kv").Missing(Status(Role("Online", "a"))));
    }

    [Fact]
    public void RoleOnline_Clone_NeedsEveryInstanceOnline()
    {
        var clone = Role("Online", null) with
        {
            IsClone = true,
            Instances = [new() { Node = "a", State = "Online" }, new() { Node = "b", State = "Pending" }],
        };

        Assert.Equal("role kv: a Online, b Pending", WaitGoals.RoleOnline("kv").Missing(Status(clone)));
        Assert.Null(WaitGoals.RoleOnline("kv").Missing(Status(clone with { Instances = [new() { Node = "a", State = "Online" }] })));
    }

    [Fact]
    public void NodePaused_PausedButStillOwning_IsNotYet()
    {
        var paused = Status(Role("Online", "a")) with { Nodes = [Node("a", "Paused")] };

        Assert.Equal("still on a: kv", WaitGoals.NodePaused("a").Missing(paused));
        Assert.Null(WaitGoals.NodePaused("a").Missing(paused with { Roles = [Role("Online", "b")] }));
        Assert.Equal("node a is Up", WaitGoals.NodePaused("a").Missing(paused with { Nodes = [Node("a", "Up")] }));
    }

    [Fact]
    public void Maintenance_IsTheStatusFlag()
    {
        Assert.Null(WaitGoals.Maintenance(true).Missing(Status() with { Maintenance = true }));
        Assert.Equal("maintenance is still off", WaitGoals.Maintenance(true).Missing(Status()));
    }

    [Theory]
    [InlineData("drainstop", "Draining", 3, "NLB member a is Draining with 3 connections")]
    [InlineData("drainstop", "Stopped", 0, null)]
    [InlineData("resume", "Stopped", 0, null)]
    [InlineData("start", "Stopped", 0, "NLB member a is Stopped")]
    public void NlbMember_WaitsForTheStateTheOperationLeadsTo(string operation, string state, long connections, string? missing)
    {
        var status = Status() with
        {
            Nlb = new()
            {
                Address = "127.0.0.100",
                Rules = [],
                Members = [new() { Name = "a", State = state, Connections = connections, Weight = ImmutableSortedDictionary<string, int>.Empty, Buckets = ImmutableSortedDictionary<string, int>.Empty }],
            },
        };

        Assert.Equal(missing, WaitGoals.NlbMember("a", operation).Missing(status));
    }

    private static RoleDocument Role(string state, string? owner) => new() { Name = "kv", State = state, Owner = owner, Resources = [] };

    private static NodeDocument Node(string name, string state) => new() { Name = name, State = state, Address = "127.0.0.1", ApiUrl = "http://127.0.0.1:7400" };

    private static StatusDocument Status(params RoleDocument[] roles) => new()
    {
        Cluster = "c",
        AnsweredBy = "a",
        Nodes = [Node("a", "Up"), Node("b", "Up"), Node("c", "Up")],
        Heartbeats = new() { Dropped = ImmutableSortedDictionary<string, long>.Empty },
        Roles = [.. roles],
    };
}
