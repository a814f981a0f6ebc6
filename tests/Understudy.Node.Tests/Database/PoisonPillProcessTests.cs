using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Understudy.Core.Security;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Database;

/// <summary>
/// The bad entry that stopped every node's state machine before (an NLB command without
/// <c>node</c>, handed to the leader's <c>/api/nlb/commit</c>): the leader refuses it naming the
/// field, the cluster keeps committing, and a restarted node catches up instead of wedging.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class PoisonPillProcessTests
{
    private static string NlbSection(string block) => $"""
        nlb:
          address: {block}.50
          rules:
            - name: raw
              ports: 8081
              protocol: tcp
              affinity: none
              targetPort: 9081

        """;

    [Fact]
    public async Task NlbCommit_WithoutNode_400NamingNode_ClusterKeepsServingAndRestartCatchesUp()
    {
        await using var cluster = TestCluster.Create(extra: NlbSection);
        cluster.StartAll();
        var up = await cluster.WaitForUpAsync("n1", "n1", "n2", "n3");
        var leader = up.Leader!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var token = ApiToken.Derive(ClusterKeys.Derive(Encoding.UTF8.GetBytes(TestCluster.Key), "test"));

        using var poison = new HttpRequestMessage(HttpMethod.Post, cluster.ApiUrl(leader) + "/api/nlb/commit")
        {
            Content = new StringContent("""{"type":"nlbMemberState","at":"2026-12-02T03:00:00Z","state":"stopped","reason":"poison"}""", Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        };
        using var refused = await http.SendAsync(poison);
        var refusal = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{(int)refused.StatusCode} {refusal}");
        Assert.Contains("\"path\":\"node\"", refusal, StringComparison.Ordinal);

        // The cluster still commits: stop n2's NLB membership through a follower (retried while
        // a busy machine has the follower between leaders).
        var follower = cluster.Names.First(n => n != leader);
        await Eventually.GetAsync(
            async () =>
            {
                using var stop = new HttpRequestMessage(HttpMethod.Post, cluster.ApiUrl(follower) + "/api/nlb/members/n2/stop")
                {
                    Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
                };
                using var answer = await http.SendAsync(stop);
                return answer.IsSuccessStatusCode || answer.StatusCode == HttpStatusCode.Conflict ? "done" : null;
            },
            _ => true,
            "n2's NLB stop accepted");
        foreach (var node in cluster.Names)
        {
            await cluster.WaitForAsync(node, s => MemberState(s, "n2") == "Stopped", "n2's NLB state Stopped");
        }

        // A restarted node replays the log and applies past everything in it.
        var restarted = cluster.Names.First(n => n != leader && n != follower);
        var version = (await cluster.StatusAsync(leader))!.Version;
        cluster.Kill(restarted);
        cluster.Start(restarted);
        await cluster.WaitForAsync(restarted, s => s.Version >= version && MemberState(s, "n2") == "Stopped", $"{restarted} caught up to version {version}");
        await cluster.WaitForUpAsync(leader, "n1", "n2", "n3");
    }

    private static string? MemberState(Understudy.Node.Api.StatusDocument status, string node) =>
        status.Nlb?.Members.FirstOrDefault(m => m.Name == node)?.State;
}
