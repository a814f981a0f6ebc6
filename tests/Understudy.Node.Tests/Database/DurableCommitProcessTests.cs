using System.Net.Http.Headers;
using System.Text;
using Understudy.Core.Security;
using Understudy.Node.Tests.Failover;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Database;

/// <summary>
/// A whole cluster that dies at once right after a commit — every node's kill -9 within
/// microseconds of the leader's answer, as a power loss of every node would — must come back
/// with what it acknowledged. Before commits were flushed with their checkpoint (the WAL's
/// FlushOnCommit), a restarted node trusted only its last background checkpoint: a paused node
/// came back Up and a role owner change with its fencing token was rolled back, so the same
/// token could be handed out twice (docs/reliability.md has the measured before and after).
/// kill -9 leaves the kernel's page cache intact, so this shows the checkpoint gap, not a lost
/// disk cache; a flushed entry is also on the disk (fdatasync) before the leader acts on it.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class DurableCommitProcessTests
{
    [Fact]
    public async Task WholeClusterKilledRightAfterCommit_AcknowledgedPauseAndOwnerChangeSurvive()
    {
        await using var cluster = TestCluster.Create(roles: (block, root) => KvRole.Yaml(block, root));
        cluster.StartAll();
        var first = KvRole.Find(await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s) && s.Nodes.All(n => n.State == "Up"), "kv Online, all Up"))!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var token = ApiToken.Derive(ClusterKeys.Derive(Encoding.UTF8.GetBytes(TestCluster.Key), "test"));

        // Round 1: pause a node; kill every node the moment the leader acknowledges.
        var paused = cluster.Names.First(n => n != first.Owner);
        await CommitThenKillAllAsync(cluster, http, token, $"/api/nodes/{paused}/pause");
        cluster.StartAll();
        foreach (var node in cluster.Names)
        {
            await cluster.WaitForAsync(node, s => s.Leader is not null && TestCluster.StateOf(s, paused) == "Paused", $"{paused} still Paused after the whole cluster was killed");
        }

        // Round 2: move the role; kill every node the moment the move is committed. The move,
        // and so the fencing token it handed out, must be there after the restart (a rolled
        // back move would be decided again and could hand the same token to another owner).
        var target = cluster.Names.First(n => n != first.Owner && n != paused);
        await CommitThenKillAllAsync(cluster, http, token, $"/api/roles/kv/move?node={target}");
        cluster.StartAll();
        foreach (var node in cluster.Names)
        {
            await cluster.WaitForAsync(node, s => s.Leader is not null, "a leader after the restart");
        }

        // The role's token now is the move's, or a newer one its owner's restart gave it
        // (IncarnationTokens: a restarted node never runs under its previous incarnation's token);
        // either way an event of the database says where it came from.
        var moved = KvRole.Find(await cluster.WaitForAsync(cluster.Names[0], s => KvRole.Find(s) is { } r && r.FencingToken > first.FencingToken, "kv's token"))!;
        var events = await cluster.EventsAsync(cluster.Names[0]);
        var move = Assert.Single(events, e => e.Kind == "RoleMoving" && e.Role == "kv" && e.Reason.StartsWith($"move to {target}", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Role == "kv" && e.Kind is "RoleMoving" or "TokenRenewed" && e.Reason.Contains($"token {moved.FencingToken}", StringComparison.Ordinal));
        Assert.True(move.Id > 0);
    }

    /// <summary>POSTs to the leader (retried while leadership settles), and SIGKILLs every node as soon as it answers 200.</summary>
    private static async Task CommitThenKillAllAsync(TestCluster cluster, HttpClient http, string token, string path)
    {
        await Eventually.GetAsync(
            async () =>
            {
                var leader = (await cluster.StatusAsync(cluster.Names[0]))?.Leader ?? cluster.Names[0];
                using var request = new HttpRequestMessage(HttpMethod.Post, cluster.ApiUrl(leader) + path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
                using var answer = await http.SendAsync(request);
                if (!answer.IsSuccessStatusCode)
                {
                    return null;
                }

                var pids = cluster.Names.Select(cluster.ProcessId).ToList();
                foreach (var pid in pids)
                {
                    Signals.Kill(pid);
                }

                return "committed";
            },
            _ => true,
            $"POST {path} committed");
        foreach (var node in cluster.Names)
        {
            cluster.Kill(node);
        }
    }
}
