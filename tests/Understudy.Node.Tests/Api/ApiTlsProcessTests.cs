using System.Net.Http.Json;
using Understudy.Cli.Tests;
using Understudy.Node.Api;
using Understudy.Node.Tests.Failover;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Api;

/// <summary>
/// The API over TLS (issue 13, item 8; docs/api.md "TLS"): real nodes with <c>api.tls: on</c>
/// place and run a role (lease grants and reports cross https between them, the nodes known by
/// their client certificate, no token sent); the CLI checks the certificate against the cluster
/// key, or a pin; a client that holds neither is refused, and so is plain HTTP on the port.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ApiTlsProcessTests
{
    [Fact]
    public async Task TlsOn_NodesCallEachOverHttps_CliChecksKeyOrPin_OthersRefused()
    {
        await using var cluster = TestCluster.Create(roles: (block, root) => KvRole.Yaml(block, root), tls: true);
        cluster.StartAll();

        // The role comes Online only if the owner's lease grants and reports reached the leader.
        var status = await cluster.WaitForAsync("n1", s => KvRole.IsOnline(s) && s.Nodes.All(n => n.State == "Up"), "kv Online over https, every node Up");
        Assert.All(status.Nodes, n => Assert.StartsWith("https://", n.ApiUrl, StringComparison.Ordinal));

        // The CLI with the file: checked against the key.
        var withFile = await CliProcess.RunAsync("status", "--json", "-f", cluster.FilePath);
        Assert.True(withFile.ExitCode == 0, withFile.Out + withFile.Error);

        // One node by URL, without the file: refused unless the pin is given, and then answered.
        var url = cluster.ApiUrl("n2");
        var unchecked_ = await CliProcess.RunWithAsync(new Dictionary<string, string?> { ["UNDERSTUDY_API_PIN"] = null, ["UNDERSTUDY_CLUSTER_FILE"] = null }, "status", "--json", "--node", url);
        Assert.True(unchecked_.ExitCode != 0, "a node whose certificate nothing vouches for was trusted: " + unchecked_.Out);
        Assert.Contains("its certificate is not the cluster's", unchecked_.Error, StringComparison.Ordinal);
        var pin = await CliProcess.RunAsync("token", "--api-pin", "-f", cluster.FilePath);
        Assert.True(pin.ExitCode == 0, pin.Error);
        Assert.Equal(TestCluster.ApiIdentity.Pin, pin.Out.Trim());
        var pinned = await CliProcess.RunWithAsync(new Dictionary<string, string?> { ["UNDERSTUDY_API_PIN"] = pin.Out.Trim(), ["UNDERSTUDY_CLUSTER_FILE"] = null }, "status", "--json", "--node", url);
        Assert.True(pinned.ExitCode == 0, pinned.Out + pinned.Error);
        var wrong = await CliProcess.RunWithAsync(new Dictionary<string, string?> { ["UNDERSTUDY_API_PIN"] = "sha256//" + Convert.ToBase64String(new byte[32]), ["UNDERSTUDY_CLUSTER_FILE"] = null }, "status", "--json", "--node", url);
        Assert.True(wrong.ExitCode != 0, "a wrong pin was accepted: " + wrong.Out);

        // A change through the CLI (token over https to the leader), committed.
        var paused = await CliProcess.RunAsync("node", "pause", "n3", "-f", cluster.FilePath);
        Assert.True(paused.ExitCode == 0, paused.Out + paused.Error);
        await cluster.WaitForAsync("n1", s => s.Nodes.Single(n => n.Name == "n3").State == "Paused", "n3 Paused");

        // A client that trusts only the system store fails the handshake; plain HTTP gets no answer.
        using var system = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var untrusted = await Assert.ThrowsAsync<HttpRequestException>(() => system.GetAsync(url + "/api/status"));
        Assert.Contains("SSL", untrusted.ToString(), StringComparison.OrdinalIgnoreCase);
        var plain = await Record.ExceptionAsync(async () => (await system.GetAsync(url.Replace("https://", "http://", StringComparison.Ordinal) + "/api/status")).EnsureSuccessStatusCode());
        Assert.NotNull(plain);

        // Still serving over TLS. A node's client certificate alone makes an internal call; an
        // operator's token does not.
        using var trusted = new HttpClient(TestCluster.ApiIdentity.Trust(new SocketsHttpHandler())) { Timeout = TimeSpan.FromSeconds(5) };
        Assert.NotNull(await trusted.GetFromJsonAsync<StatusDocument>(url + "/api/status", StatusJson.Options));
        using (var anonymous = await trusted.PostAsync(url + "/api/token-check", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var peer = new HttpClient(TestCluster.ApiIdentity.AsPeer(new SocketsHttpHandler())) { Timeout = TimeSpan.FromSeconds(5) };
        using (var asNode = await peer.PostAsync(url + "/api/token-check", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, asNode.StatusCode);
        }

        using var operatorCall = new HttpRequestMessage(HttpMethod.Post, url + "/api/internal/lease?node=n2");
        operatorCall.Headers.Authorization = new("Bearer", Understudy.Core.Security.ApiToken.Operator(Understudy.Core.Security.ClusterKeys.Derive(System.Text.Encoding.UTF8.GetBytes(TestCluster.Key), "test"), 0));
        using (var refused = await trusted.SendAsync(operatorCall))
        {
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        }
    }
}
