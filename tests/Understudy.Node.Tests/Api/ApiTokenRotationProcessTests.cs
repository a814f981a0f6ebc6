using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Understudy.Cli.Tests;
using Understudy.Core.Security;
using Understudy.Node.Tests.Failover;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Api;

/// <summary>
/// Two tokens (issue 13, item 8; docs/api.md "Tokens"): the nodes call each other with their own
/// internal token, which no operator token replaces; the operator token rotates without a
/// restart — the old one is refused on every node at once, the CLI follows with the key, and the
/// role keeps running through it all.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ApiTokenRotationProcessTests
{
    private static readonly ClusterKeys Keys = ClusterKeys.Derive(Encoding.UTF8.GetBytes(TestCluster.Key), "test");

    [Fact]
    public async Task Rotate_OldOperatorTokenRefusedEverywhere_NewOneAndInternalCallsWork_RoleKeepsRunning()
    {
        await using var cluster = TestCluster.Create(roles: (block, root) => KvRole.Yaml(block, root));
        cluster.StartAll();
        var before = await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s) && s.Nodes.All(n => n.State == "Up"), "kv Online, every node Up");
        Assert.Equal(0, before.TokenGeneration);
        var owner = KvRole.Find(before)!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var first = ApiToken.Operator(Keys, 0);
        Assert.Equal(first, (await CliProcess.RunAsync("token", "-f", cluster.FilePath)).Out.Trim());

        // An operator token does not open the nodes' internal calls; their own token does.
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(http, cluster.ApiUrl("n1") + "/api/internal/lease?node=n1", first));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, cluster.ApiUrl("n1") + "/api/token-check", ApiToken.Internal(Keys)));

        var rotated = await CliProcess.RunAsync("token", "rotate", "-f", cluster.FilePath);
        Assert.True(rotated.ExitCode == 0, rotated.Out + rotated.Error);
        await Task.WhenAll(cluster.Names.Select(n => cluster.WaitForAsync(n, s => s.TokenGeneration == 1, $"generation 1 applied on {n}")));

        // Every node refuses the old token and takes the new one, which the CLI now prints.
        var second = (await CliProcess.RunAsync("token", "-f", cluster.FilePath)).Out.Trim();
        Assert.Equal(ApiToken.Operator(Keys, 1), second);
        Assert.NotEqual(first, second);
        foreach (var node in cluster.Names)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, cluster.ApiUrl(node) + "/api/token-check", first));
            Assert.Equal(HttpStatusCode.OK, await PostAsync(http, cluster.ApiUrl(node) + "/api/token-check", second));
        }

        // A script holding the old token is refused; the CLI with the key follows the rotation.
        var stale = await CliProcess.RunWithAsync(new Dictionary<string, string?> { ["UNDERSTUDY_TOKEN"] = first }, "maintenance", "on", "-f", cluster.FilePath);
        Assert.True(stale.ExitCode != 0, "a rotated-away token changed the cluster: " + stale.Out);
        var paused = await CliProcess.RunWithAsync(new Dictionary<string, string?> { ["UNDERSTUDY_TOKEN"] = null }, "node", "pause", "n3", "-f", cluster.FilePath);
        Assert.True(paused.ExitCode == 0, paused.Out + paused.Error);
        var after = await cluster.WaitForAsync("n1", s => s.Nodes.Single(n => n.Name == "n3").State == "Paused", "n3 Paused with the new token");

        // The nodes' own calls (lease grants, reports) never depended on the operator token.
        var role = KvRole.Find(after)!;
        Assert.Equal("Online", role.State);
        if (owner.Owner != "n3")
        {
            Assert.Equal(owner.FencingToken, role.FencingToken);
        }

        Assert.Contains((await cluster.EventsAsync("n1")), e => e.Kind == "OperatorTokenRotated");
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
