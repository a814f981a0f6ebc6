using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Failover;

/// <summary>Real nodes running the example key-value role on loopback: crashes, kills, freezes.</summary>
[Collection(ProcessCollection.Name)]
public sealed class FailoverProcessTests
{
    [Fact]
    public async Task KillNine_Owner_RoleOnlineElsewhereWithLargerTokenAndDataKept()
    {
        await using var cluster = TestCluster.Create(roles: (block, root) => KvRole.Yaml(block, root));
        using var kv = new KvRole(cluster.Block);
        cluster.StartAll();
        var first = KvRole.Find(await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s), "kv Online"))!;
        Assert.Equal(["ip", "server", "http"], first.Resources.Select(r => r.Name));
        Assert.All(first.Resources, r => Assert.Equal("Online", r.State));
        Assert.Equal(["address", "process", "probe"], first.Resources.Select(r => r.Type));
        Assert.True((await kv.PutAsync("greeting", "hello")).IsSuccessStatusCode);
        var owner = first.Owner!;

        cluster.Kill(owner);

        var survivor = cluster.Names.First(n => n != owner);
        var moved = KvRole.Find(await cluster.WaitForAsync(survivor, s => KvRole.IsOnline(s, r => r.Owner != owner), "kv Online on another node"))!;
        Assert.True(moved.FencingToken > first.FencingToken);
        var health = await Eventually.GetAsync<Tuple<string, long>>(
            async () => await kv.HealthAsync() is { } h ? Tuple.Create(h.Node, h.Token) : null,
            h => h.Item1 == moved.Owner,
            "kv answering from its new owner");
        Assert.Equal(moved.FencingToken, health.Item2);
        Assert.Equal("hello", await kv.GetAsync("greeting"));
    }

    [Fact]
    public async Task KillRoleProcess_RestartsInPlace()
    {
        await using var cluster = TestCluster.Create(roles: (block, root) => KvRole.Yaml(block, root));
        using var kv = new KvRole(cluster.Block);
        cluster.StartAll();
        var first = KvRole.Find(await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s), "kv Online"))!;
        var before = await Eventually.GetAsync<Tuple<int>>(async () => await kv.HealthAsync() is { } h ? Tuple.Create(h.Pid) : null, _ => true, "kv answering");

        Signals.Kill(before.Item1);

        var after = KvRole.Find(await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s, r => r.Restarts >= 1), "kv restarted and Online"))!;
        Assert.Equal(first.Owner, after.Owner);
        Assert.Equal(first.FencingToken, after.FencingToken);
        var events = await cluster.EventsAsync("n1");
        Assert.Contains(events, e => e.Kind == "ResourceFailed" && e.Role == "kv");
        Assert.Contains(events, e => e.Kind == "RoleRestarted" && e.Role == "kv");
    }

    [Fact]
    public async Task CrashPastRestartThreshold_RoleFailsOverToAnotherNode()
    {
        await using var cluster = TestCluster.Create(roles: (block, root) => KvRole.Yaml(block, root, maxRestarts: 1));
        using var kv = new KvRole(cluster.Block);
        cluster.StartAll();
        var first = KvRole.Find(await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s), "kv Online"))!;

        await KillServedProcessAsync(kv, first.Owner!);
        await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s, r => r.Restarts == 1), "kv restarted once");
        await KillServedProcessAsync(kv, first.Owner!);

        var moved = KvRole.Find(await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s, r => r.Owner != first.Owner), "kv Online on another node"))!;
        Assert.Equal(0, moved.Restarts);
        Assert.True(moved.FencingToken > first.FencingToken);
        Assert.Contains(await cluster.EventsAsync("n1"), e => e.Kind == "RoleMoving" && e.Reason.Contains("failover", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SigStopOwner_RoleMoves_AfterSigContOldOwnerDoesNotRunIt()
    {
        await using var cluster = TestCluster.Create(roles: (block, root) => KvRole.Yaml(block, root));
        using var kv = new KvRole(cluster.Block);
        cluster.StartAll();
        var first = KvRole.Find(await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s), "kv Online"))!;
        var owner = first.Owner!;
        var survivor = cluster.Names.First(n => n != owner);

        Signals.Stop(cluster.ProcessId(owner));
        try
        {
            var moved = KvRole.Find(await cluster.WaitForAsync(survivor, s => KvRole.IsOnline(s, r => r.Owner != owner), "kv Online on another node"))!;
            Assert.True(moved.FencingToken > first.FencingToken);

            // The frozen node's guard killed its instance when the lease ran out.
            Assert.Empty(KvRole.ProcessesOf(owner, cluster.Block));
        }
        finally
        {
            Signals.Continue(cluster.ProcessId(owner));
        }

        // Resumed: it catches up, sees the role elsewhere, and never starts it again.
        await cluster.WaitForAsync(owner, s => s.Quorum && KvRole.Find(s)?.Owner is { } o && o != owner && TestCluster.StateOf(s, owner) == "Up", "resumed node caught up");
        await cluster.WaitForAsync(survivor, s => TestCluster.StateOf(s, owner) == "Up", "resumed node Up again");
        Assert.Empty(KvRole.ProcessesOf(owner, cluster.Block));
        var health = await kv.HealthAsync();
        Assert.NotEqual(owner, health?.Node);
    }

    private static async Task KillServedProcessAsync(KvRole kv, string owner)
    {
        var health = await Eventually.GetAsync<Tuple<string, int>>(
            async () => await kv.HealthAsync() is { } h ? Tuple.Create(h.Node, h.Pid) : null,
            h => h.Item1 == owner,
            "kv answering from its owner");
        Signals.Kill(health.Item2);
    }
}
