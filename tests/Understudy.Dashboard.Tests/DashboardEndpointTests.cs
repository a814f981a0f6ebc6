using System.Net;
using System.Net.Http.Headers;
using Understudy.Node.Dashboard;
using Understudy.Node.Tests.Harness;

namespace Understudy.Dashboard.Tests;

/// <summary>The dashboard's endpoints on a real node, without a browser: what keeps them safe.</summary>
[Collection(ProcessCollection.Name)]
public sealed class DashboardEndpointTests
{
    [Fact]
    public async Task Streams_BeyondTheLimit_AreRefusedWith503UntilOneCloses()
    {
        await using var cluster = TestCluster.Create(nodes: 1);
        cluster.StartAll();
        await cluster.WaitForUpAsync("n1", "n1");
        var limit = new DashboardOptions().MaxSubscribers;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var url = cluster.ApiUrl("n1") + "/api/dashboard/events";

        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < limit; i++)
            {
                var stream = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
                Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
                open.Add(stream);
            }

            using (var refused = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            }

            open[0].Dispose();
            open.RemoveAt(0);
            // The node notices the closed stream at its next write (at most a second later).
            using var again = await Eventually.GetAsync(
                async () => await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead),
                r => r.StatusCode == HttpStatusCode.OK,
                "a stream accepted again after one closed");
            var reader = new StreamReader(await again.Content.ReadAsStreamAsync());
            string? line;
            while ((line = await reader.ReadLineAsync()) is not null && !line.StartsWith("data: ", StringComparison.Ordinal))
            {
            }

            Assert.NotNull(line);
            Assert.Contains("\"answeredBy\":\"n1\"", line, StringComparison.Ordinal);
            Assert.DoesNotContain(TestCluster.Key, line, StringComparison.Ordinal);
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task LeaderForward_WithoutTokenOrForAnotherCall_IsRefused()
    {
        await using var cluster = TestCluster.Create(nodes: 1);
        cluster.StartAll();
        await cluster.WaitForUpAsync("n1", "n1");
        var token = await DashboardCluster.TokenAsync(cluster);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var baseUrl = cluster.ApiUrl("n1");

        using var anonymous = await http.PostAsync(baseUrl + "/api/dashboard/leader/maintenance?on=true", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var other = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/api/dashboard/leader/nlb/commit");
        other.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var refused = await http.SendAsync(other);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        using var page = await http.GetAsync(baseUrl + "/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("frame-ancestors 'none'", string.Join(" ", page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        // The script talks to the node it came from only: every fetch and the stream take a path.
        var calls = (await http.GetStringAsync(baseUrl + "/dashboard/dashboard.js")).Split('\n')
            .Where(l => l.Contains("fetch(", StringComparison.Ordinal) || l.Contains("EventSource(", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(calls);
        Assert.All(calls, l => Assert.DoesNotContain("://", l, StringComparison.Ordinal));
    }
}
