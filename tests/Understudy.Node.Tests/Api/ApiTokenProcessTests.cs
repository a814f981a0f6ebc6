using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Understudy.Core.Security;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Api;

/// <summary>State-changing calls need the token derived from the cluster key.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ApiTokenProcessTests
{
    [Fact]
    public async Task ChangeCall_WithoutWrongOrRightToken_401_401_200()
    {
        await using var cluster = TestCluster.Create(nodes: 1);
        cluster.StartAll();
        await cluster.WaitForUpAsync("n1", "n1");
        using var http = new HttpClient();
        var url = cluster.ApiUrl("n1") + "/api/token-check";
        var token = ApiToken.Derive(ClusterKeys.Derive(Encoding.UTF8.GetBytes(TestCluster.Key), "test"));

        using var none = await http.PostAsync(url, null);
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Post, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token[..^1] + "x") } };
        using var wrong = await http.SendAsync(wrongRequest);
        using var rightRequest = new HttpRequestMessage(HttpMethod.Post, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        using var right = await http.SendAsync(rightRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("Authorization: Bearer", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }
}
