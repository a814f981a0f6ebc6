using System.Net.Http.Headers;
using System.Text;
using Understudy.Core.Security;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Failover;

/// <summary>
/// A workload stopped because its owner's lease lapsed and started again in place leaves an event
/// (issue 13: it left none). Both other nodes are frozen at once, so the owner can renew neither
/// with a leader nor by a majority's notes (a stalled leader alone no longer costs the lease:
/// LeaderStallProcessTests); a 10 s detection window keeps anyone from declaring it Down, so the
/// role stays where it is and restarts there.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class LeaseLapseProcessTests
{
    [Fact]
    public async Task LeaderFrozen_OwnersWorkloadRestartedInPlace_LeavesAnEvent()
    {
        await using var cluster = TestCluster.Create(heartbeat: "  threshold: 40", roles: (block, root) => KvRole.Yaml(block, root));
        using var kv = new KvRole(cluster.Block);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        cluster.StartAll();
        var status = await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s) && s.Leader is not null, "kv Online");
        var leader = status.Leader!;
        var owner = KvRole.Find(status)!.Owner!;
        if (owner == leader)
        {
            // The owner must not be the node frozen: move the role off the leader first.
            owner = cluster.Names.First(n => n != leader);
            using var move = new HttpRequestMessage(HttpMethod.Post, $"{cluster.ApiUrl(leader)}/api/roles/kv/move?node={owner}");
            move.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken.Derive(ClusterKeys.Derive(Encoding.UTF8.GetBytes(TestCluster.Key), "test")));
            using var moved = await http.SendAsync(move);
            Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
            await cluster.WaitForAsync(owner, s => KvRole.IsOnline(s, r => r.Owner == owner), $"kv Online on {owner}");
        }

        var before = await PidOnAsync(kv, owner);
        var after = before;

        // Long enough that the owner cannot renew its lease; bounded: at most three freezes.
        var others = cluster.Names.Where(n => n != owner).Select(cluster.ProcessId).ToList();
        foreach (var seconds in new[] { 2.0, 4.0, 6.0 })
        {
            others.ForEach(Signals.Stop);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds));
            }
            finally
            {
                others.ForEach(Signals.Continue);
            }

            after = await PidOnAsync(kv, owner);
            if (after != before)
            {
                break;
            }
        }

        Assert.True(after != before, $"the owner's workload kept pid {before} through every freeze: its lease never lapsed");
        var events = await Eventually.GetAsync(
            async () => (await cluster.EventsAsync(owner)).Where(e => e.Role == "kv" && e.Node == owner && e.Kind is "RoleInterrupted" or "RoleRestarted").ToList(),
            e => e.Count > 0,
            "an event for the restarted workload");
        Assert.NotEmpty(events);
    }

    private static async Task<int> PidOnAsync(KvRole kv, string owner) =>
        (await Eventually.GetAsync<Tuple<int>>(
            async () => await kv.HealthAsync() is { } h && h.Node == owner ? Tuple.Create(h.Pid) : null,
            _ => true,
            $"kv answering from {owner}")).Item1;
}
