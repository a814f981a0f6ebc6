using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Failover;

/// <summary>Operators through the CLI: pause and resume with failback, move, stop and start, add, events, maintenance.</summary>
[Collection(ProcessCollection.Name)]
public sealed class RoleAdminProcessTests
{
    [Fact]
    public async Task PauseResumeMoveStopStartAdd_ThroughTheCli()
    {
        await using var cluster = TestCluster.Create(roles: (block, root) => KvRole.Yaml(block, root));
        cluster.StartAll();
        var owner = KvRole.Find(await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s) && s.Nodes.All(n => n.State == "Up"), "kv Online"))!.Owner!;
        var file = cluster.FilePath;

        Assert.Equal(0, (await Cli.RunAsync("node", "pause", owner, "-f", file)).Code);
        var drained = KvRole.Find(await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s, r => r.Owner != owner) && TestCluster.StateOf(s, owner) == "Paused", "kv drained"))!;
        Assert.Empty(KvRole.ProcessesOf(owner, cluster.Block));

        Assert.Equal(0, (await Cli.RunAsync("node", "resume", owner, "--failback", "-f", file)).Code);
        await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s, r => r.Owner == owner), "kv back on its node after resume with failback");

        var other = cluster.Names.First(n => n != owner && n != drained.Owner);
        Assert.Equal(0, (await Cli.RunAsync("role", "move", "kv", "--to", other, "-f", file)).Code);
        await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s, r => r.Owner == other), "kv moved by operator");

        Assert.Equal(0, (await Cli.RunAsync("role", "stop", "kv", "-f", file)).Code);
        await cluster.WaitForAsync("n1", s => KvRole.Find(s) is { State: "Offline", Owner: null }, "kv stopped");
        Assert.Equal(0, (await Cli.RunAsync("role", "start", "kv", "-f", file)).Code);
        await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s), "kv started");

        var roleFile = Path.Combine(cluster.Root, "sleeper.yaml");
        await File.WriteAllTextAsync(roleFile, "name: sleeper\nresources:\n  - name: sleep\n    type: process\n    command: sleep\n    args: [\"600\"]\n");
        Assert.Equal(0, (await Cli.RunAsync("role", "add", "-f", roleFile, "--cluster", file)).Code);
        await cluster.WaitForAsync("n1", s => s.Roles.Any(r => r is { Name: "sleeper", State: "Online" }), "added role Online");

        await File.WriteAllTextAsync(roleFile, "name: bad\nresources:\n  - name: x\n    type: disk\n");
        var refused = await Cli.RunAsync("role", "add", "-f", roleFile, "--cluster", file);
        Assert.Equal(2, refused.Code);
        Assert.Contains("resources[0].type", refused.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await Cli.RunAsync("maintenance", "on", "-f", file)).Code);
        var events = await Cli.RunAsync("events", "-f", file);
        Assert.Contains("NodePaused", events.Output, StringComparison.Ordinal);
        Assert.Contains("Maintenance", events.Output, StringComparison.Ordinal);
        var list = await Cli.RunAsync("role", "list", "-f", file);
        Assert.Contains("sleeper", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleRemovedThroughTheApi_StaysRemovedWhenTheClusterRestarts()
    {
        await using var cluster = TestCluster.Create(roles: (block, root) => KvRole.Yaml(block, root));
        cluster.StartAll();
        await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s), "kv Online");
        Assert.Equal(0, (await Cli.RunAsync("role", "remove", "kv", "-f", cluster.FilePath)).Code);
        await cluster.WaitForAsync("n1", s => KvRole.Find(s) is null, "kv removed");

        // The whole cluster restarts (new leader, new term) with one more role in the file: the
        // leader seeds the file's roles in one step, so once "fresh" is there, kv would be too.
        await cluster.StopAllAsync();
        var file = Path.Combine(cluster.Root, "with-fresh.yaml");
        await File.WriteAllTextAsync(file, await File.ReadAllTextAsync(cluster.FilePath)
            + "  - name: fresh\n    resources:\n      - name: sleep\n        type: process\n        command: sleep\n        args: [\"600\"]\n");
        foreach (var node in cluster.Names)
        {
            cluster.Start(node, file);
        }

        var status = await cluster.WaitForAsync("n1", s => s.Roles.Any(r => r is { Name: "fresh", State: "Online" }), "the new file role seeded and Online");
        Assert.Null(KvRole.Find(status));
        Assert.Empty(cluster.Names.SelectMany(n => KvRole.ProcessesOf(n, cluster.Block)));
    }
}
