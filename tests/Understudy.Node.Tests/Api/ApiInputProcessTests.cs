using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Understudy.Core.Security;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Api;

/// <summary>
/// Bad input to a real node's API (issue 13): the token is checked before the body is read, a
/// body over the limit is 413, and every input error is a 4xx naming the field, never 500.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ApiInputProcessTests
{
    private static readonly ClusterKeys Keys = ClusterKeys.Derive(Encoding.UTF8.GetBytes(TestCluster.Key), "test");

    // The operator's token for the operator's calls; the nodes' own for their internal calls.
    private static readonly string Token = ApiToken.Operator(Keys, 0);
    private static readonly string Internal = ApiToken.Internal(Keys);

    [Fact]
    public async Task BadInputs_Each4xxNamingTheField_NodeKeepsServing()
    {
        await using var cluster = TestCluster.Create(nodes: 1);
        cluster.StartAll();
        await cluster.WaitForUpAsync("n1", "n1");
        // Expect: 100-continue, as a careful client sends a large body: the node answers a refusal
        // (401, 413) before the body is sent, instead of closing the connection under a client
        // that is still writing it (a reset, no answer).
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { Timeout = TimeSpan.FromSeconds(60) };
        var api = cluster.ApiUrl("n1") + "/api";

        // Token before body: malformed JSON, and a body over the limit, without a token.
        await ExpectAsync(http, api + "/internal/role-report", "{not json", token: null, HttpStatusCode.Unauthorized, path: null);
        await ExpectAsync(http, api + "/roles", new string('x', 2 * 1024 * 1024), token: null, HttpStatusCode.Unauthorized, path: null);

        // With the token: a body over 1 MiB is refused before it is parsed.
        var tooLarge = await ExpectAsync(http, api + "/roles", "name: big\n#" + new string('x', 2 * 1024 * 1024), Token, HttpStatusCode.RequestEntityTooLarge, path: null);
        Assert.Contains("1048576 bytes", tooLarge, StringComparison.Ordinal);

        // Bodies with fields missing or of the wrong type name the field.
        await ExpectAsync(http, api + "/internal/vms/vm1/incoming", "{}", Internal, HttpStatusCode.BadRequest, "role");
        await ExpectAsync(http, api + "/internal/vms/vm1/migrated", """{"token":1}""", Internal, HttpStatusCode.BadRequest, "source");
        await ExpectAsync(http, api + "/internal/role-report", "{}", Internal, HttpStatusCode.BadRequest, "role");
        await ExpectAsync(http, api + "/internal/role-report", """{"role":"kv","node":"n1","token":"seven","kind":"online"}""", Internal, HttpStatusCode.BadRequest, "token");
        await ExpectAsync(http, api + "/nlb/affinity", """[{"rule":"web","key":1,"member":null,"ageMs":5}]""", Token, HttpStatusCode.BadRequest, "[0].member");
        await ExpectAsync(http, api + "/internal/role-report", "{not json", Internal, HttpStatusCode.BadRequest, path: null);
        await ExpectAsync(http, api + "/nlb/commit", """{"type":"nlbWeight","at":"2026-12-02T03:00:00Z","node":"n1","rule":"web","weight":"heavy"}""", Token, HttpStatusCode.BadRequest, "weight");

        // Still serving.
        Assert.NotNull(await cluster.StatusAsync("n1"));
    }

    private static async Task<string> ExpectAsync(HttpClient http, string url, string body, string? token, HttpStatusCode status, string? path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        string text;
        HttpStatusCode answered;
        try
        {
            using var response = await http.SendAsync(request);
            answered = response.StatusCode;
            text = await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"POST {url}: no answer ({e.Message})", e);
        }

        Assert.True(answered == status, $"POST {url}: expected {(int)status}, got {(int)answered} {text}");
        using var json = JsonDocument.Parse(text);
        Assert.True(json.RootElement.TryGetProperty("error", out _), text);
        if (path is not null)
        {
            Assert.Equal(path, json.RootElement.GetProperty("path").GetString());
        }

        return text;
    }
}
