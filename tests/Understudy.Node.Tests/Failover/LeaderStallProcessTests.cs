using System.Diagnostics;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Failover;

/// <summary>
/// A stalled Raft leader (a GC pause, a VM hiccup, a busy host: SIGSTOP here) must not take down a
/// role whose owner can still reach a majority: the owner renews its lease with the leader the
/// others elect, so its workload keeps running and keeps answering (issue 13, "a stalled leader").
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class LeaderStallProcessTests
{
    // A stall of a second or more outlasts the lease and the survivors' election alike (DotNext's
    // candidate waits for the frozen leader's answer until the request timeout): the owner keeps
    // its lease through the members' notes instead (LeaseWitness, docs/failover.md).
    [Theory]
    [InlineData(500)]
    [InlineData(1000)]
    [InlineData(2000)]
    [InlineData(5000)]
    public async Task FreezeLeader_OwnerOnAnotherNode_KeepsItsWorkloadAndAnswers(int stallMs)
    {
        await using var cluster = TestCluster.Create(roles: (block, root) => KvRole.Yaml(block, root));
        using var kv = new KvRole(cluster.Block);
        cluster.StartAll();
        var status = await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s) && s.Leader is not null && s.Nodes.All(n => n.State == "Up"), "kv Online, a leader, every node Up");
        var leader = status.Leader!;
        var role = KvRole.Find(status)!;
        if (role.Owner == leader)
        {
            // The case under test is an owner that is not the leader: move the role off it.
            var other = cluster.Names.First(n => n != leader);
            var moved = await Cli.RunAsync("role", "move", "kv", "--to", other, "-f", cluster.FilePath);
            Assert.True(moved.Code == 0, moved.Output);
            status = await cluster.WaitForAsync(other, s => KvRole.IsOnline(s, r => r.Owner == other) && s.Leader == leader, "kv Online on " + other);
            role = KvRole.Find(status)!;
        }

        var owner = role.Owner!;
        var before = await Eventually.GetAsync<Tuple<string, long, int>>(
            async () => await kv.HealthAsync() is { } h ? Tuple.Create(h.Node, h.Token, h.Pid) : null,
            h => h.Item1 == owner,
            "kv answering from " + owner);

        // A client asks throughout the stall and a little after it; every request must be answered.
        var failures = new List<string>();
        var answered = 0;
        using var stop = new CancellationTokenSource();
        var client = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (await kv.HealthAsync() is { } h)
                {
                    answered++;
                    if (h.Pid != before.Item3 || h.Token != before.Item2)
                    {
                        failures.Add($"answered by pid {h.Pid} token {h.Token} on {h.Node}");
                    }
                }
                else
                {
                    failures.Add("no answer at " + DateTime.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
                }

                await Task.Delay(50);
            }
        });

        var frozen = Stopwatch.StartNew();
        Signals.Stop(cluster.ProcessId(leader));
        try
        {
            // Waited out by the test's own clock: the stall's length is what is under test.
            while (frozen.ElapsedMilliseconds < stallMs)
            {
                await Task.Delay(20);
            }
        }
        finally
        {
            Signals.Continue(cluster.ProcessId(leader));
        }

        // The resumed leader steps down or carries on; either way the cluster settles with every
        // node Up, and only then does the client stop asking.
        await cluster.WaitForAsync(owner, s => s.Quorum && s.Leader is not null && s.Nodes.All(n => n.State == "Up"), "every node Up again after the stall");
        await stop.CancelAsync();
        await client;

        Assert.True(answered > 0, "the client was never answered");
        Assert.True(failures.Count == 0, $"{failures.Count} of {answered + failures.Count} requests failed or moved during a {stallMs} ms leader stall: {string.Join("; ", failures.Take(10))}\n{cluster.Logs()}");
        var after = KvRole.Find((await cluster.StatusAsync(owner))!)!;
        Assert.Equal(owner, after.Owner);
        Assert.Equal(role.FencingToken, after.FencingToken);
        Assert.Equal(role.Restarts, after.Restarts);
    }
}
