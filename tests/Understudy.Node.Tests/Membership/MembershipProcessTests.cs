using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Membership;

/// <summary>Three real node processes on loopback: formation, kill -9, restart, full stop and start.</summary>
[Collection(ProcessCollection.Name)]
public sealed class MembershipProcessTests
{
    [Fact]
    public async Task Start_ThreeNodes_ElectOneLeaderAndReportAllUp()
    {
        await using var cluster = TestCluster.Create();
        cluster.StartAll();

        var status = await cluster.WaitForUpAsync("n1", "n1", "n2", "n3");

        Assert.Equal("test", status.Cluster);
        Assert.True(status.Quorum);
        Assert.True(status.Term >= 1);
        Assert.Contains(status.Leader, cluster.Names);
        foreach (var node in status.Nodes)
        {
            Assert.Equal(cluster.ProcessId(node.Name), node.Pid);
            Assert.Equal(cluster.ApiUrl(node.Name), node.ApiUrl);
            Assert.Equal(cluster.Address(node.Name), node.Address);
            Assert.NotNull(node.LastHeartbeatMs);
        }

        // Every node agrees on the leader once it has applied the same database.
        var others = await Task.WhenAll(cluster.Names.Select(n => cluster.WaitForUpAsync(n, "n1", "n2", "n3")));
        Assert.Single(others.Select(s => s.Leader).Distinct());
    }

    [Fact]
    public async Task KillNine_OneNode_SurvivorsReportItDownThenUpAfterRestart()
    {
        await using var cluster = TestCluster.Create();
        cluster.StartAll();
        await cluster.WaitForUpAsync("n1", "n1", "n2", "n3");
        var oldPid = cluster.ProcessId("n3");

        cluster.Kill("n3");

        foreach (var survivor in new[] { "n1", "n2" })
        {
            var down = await cluster.WaitForAsync(survivor, s => TestCluster.StateOf(s, "n3") == "Down", "n3 Down");
            Assert.Null(down.Nodes.Single(n => n.Name == "n3").Pid);
            Assert.True(down.Quorum);
        }

        cluster.Start("n3");
        var up = await cluster.WaitForAsync("n1", s => TestCluster.StateOf(s, "n3") == "Up", "n3 Up again");
        var pid = up.Nodes.Single(n => n.Name == "n3").Pid;
        Assert.Equal(cluster.ProcessId("n3"), pid);
        Assert.NotEqual(oldPid, pid);
    }

    [Fact]
    public async Task KillNine_Leader_SurvivorsElectAnotherAndReportItDown()
    {
        await using var cluster = TestCluster.Create();
        cluster.StartAll();
        var formed = await cluster.WaitForUpAsync("n1", "n1", "n2", "n3");
        var leader = formed.Leader!;
        var survivor = cluster.Names.First(n => n != leader);

        cluster.Kill(leader);

        var after = await cluster.WaitForAsync(
            survivor,
            s => s.Leader is not null && s.Leader != leader && TestCluster.StateOf(s, leader) == "Down",
            $"a new leader and {leader} Down");
        Assert.True(after.Quorum);
    }

    [Fact]
    public async Task StopAllStartAll_DatabaseIsKeptOnDisk()
    {
        await using var cluster = TestCluster.Create();
        cluster.StartAll();
        await cluster.WaitForUpAsync("n1", "n1", "n2", "n3");
        cluster.Kill("n3");
        var before = await cluster.WaitForAsync("n1", s => TestCluster.StateOf(s, "n3") == "Down", "n3 Down");
        var downSince = before.Nodes.Single(n => n.Name == "n3").Since;

        await cluster.StopAllAsync();
        cluster.Start("n1");
        cluster.Start("n2");

        // A fresh database would say Joining for n3, which has not run since; the kept one says
        // Down, with the time and reason committed before the stop.
        var after = await cluster.WaitForAsync(
            "n1",
            s => s.Leader is not null && s.Version > before.Version && TestCluster.StateOf(s, "n1") == "Up" && TestCluster.StateOf(s, "n2") == "Up",
            "a leader committing on top of the kept log");
        var n3 = after.Nodes.Single(n => n.Name == "n3");
        Assert.Equal("Down", n3.State);
        Assert.Equal(downSince, n3.Since);
        Assert.Equal("missed heartbeats", n3.Reason);
    }
}
