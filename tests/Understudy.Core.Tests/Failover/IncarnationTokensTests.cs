using Understudy.Core.Clones;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;
using static Understudy.Core.Tests.Failover.Roles;

namespace Understudy.Core.Tests.Failover;

/// <summary>A restarted node never runs a role under its previous incarnation's token (issue 13).</summary>
public sealed class IncarnationTokensTests
{
    private static ClusterState OwnedByA() => Cluster().Define(Role("kv")).Own("kv", "a");

    [Fact]
    public void NodeUp_NewIncarnationOfTheOwner_RenewsTheTokenAndRestartsPending()
    {
        var before = OwnedByA();
        var old = before.Roles["kv"].FencingToken;

        var after = before.Run([new NodeUp(T0.AddSeconds(5), "a", 2, 20, "node restarted")]);

        var kv = after.Roles["kv"];
        Assert.Equal("a", kv.Owner);
        Assert.True(kv.FencingToken > old, $"token {kv.FencingToken} after {old}");
        Assert.Equal(RoleState.Pending, kv.State);
        Assert.Equal(kv.FencingToken, after.FencingCounter);
        Assert.Contains(after.Events, e => e.Kind == "TokenRenewed" && e.Role == "kv");
    }

    [Fact]
    public void NodeUp_SameIncarnationBackFromDown_KeepsTheToken()
    {
        var before = OwnedByA();
        var old = before.Roles["kv"].FencingToken;

        var after = before.Run([new NodeDown(T0.AddSeconds(4), "a", "missed heartbeats"), new NodeUp(T0.AddSeconds(5), "a", 1, 1, "heartbeats resumed")]);

        Assert.Equal(old, after.Roles["kv"].FencingToken);
        Assert.Equal(RoleState.Online, after.Roles["kv"].State);
    }

    [Fact]
    public void NodeUp_NewIncarnationOfAnotherNode_LeavesTheRoleAlone()
    {
        var before = OwnedByA();

        var after = before.Run([new NodeUp(T0.AddSeconds(5), "b", 2, 20, "node restarted")]);

        Assert.Equal(before.Roles["kv"], after.Roles["kv"]);
    }

    [Fact]
    public void NodeUp_NewIncarnation_RenewsItsCloneInstanceOnly()
    {
        var state = Cluster().Define(Role("web", r => r with { IsClone = true }))
            .Run([new CloneInstanceStarted(T0, "web", "a", "test"), new CloneInstanceStarted(T0, "web", "b", "test")]);
        state = state.Run(state.Roles["web"].Instances.Values.Select(i => new CloneInstanceOnline(T0, "web", i.Node, i.Token)));
        var before = state.Roles["web"].Instances;

        var after = state.Run([new NodeUp(T0.AddSeconds(5), "a", 2, 20, "node restarted")]).Roles["web"].Instances;

        Assert.True(after["a"].Token > before["a"].Token);
        Assert.Equal(RoleState.Pending, after["a"].State);
        Assert.Equal(before["b"], after["b"]);
    }
}
