using System.Text.Json;
using System.Text.RegularExpressions;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Api;

/// <summary>
/// The node's OpenAPI document (<c>GET /api/openapi/v1.json</c>, ASP.NET Core's generator over the
/// endpoints the node really maps) and <c>docs/api.md</c> name the same calls: a call added to
/// the API without its documentation, or documented but gone, fails here.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed partial class ApiDocumentProcessTests
{
    [Fact]
    public async Task OpenApiDocument_ServedWithoutToken_NamesExactlyTheCallsOfDocsApi()
    {
        await using var cluster = TestCluster.Create(nodes: 1);
        cluster.StartAll();
        await cluster.WaitForUpAsync("n1", "n1");
        using var http = new HttpClient();

        using var document = JsonDocument.Parse(await http.GetStringAsync(cluster.ApiUrl("n1") + "/api/openapi/v1.json"));

        Assert.Equal("Understudy node API", document.RootElement.GetProperty("info").GetProperty("title").GetString());
        var served = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {Normal(path.Name)}"))
            .ToHashSet(StringComparer.Ordinal);
        var documented = DocumentedCall().Matches(File.ReadAllText(Path.Combine(Repository.Root, "docs", "api.md")))
            .Select(m => $"{m.Groups[1].Value} {Normal(m.Groups[2].Value)}")
            .Where(call => call != "GET /api/openapi/v1.json") // the document does not list itself
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(served.Count > 20, $"only {served.Count} calls in the document");
        Assert.Empty(served.Except(documented).Order(StringComparer.Ordinal));
        Assert.Empty(documented.Except(served).Order(StringComparer.Ordinal));
    }

    // "/api/roles/{name}/move?node=NODE" and "/api/roles/{role}/move" are one call: no query, any parameter name.
    private static string Normal(string path) => Parameter().Replace(path.Split('?')[0].TrimEnd('/') is { Length: > 0 } p ? p : "/", "*");

    [GeneratedRegex(@"`(GET|POST|PUT|DELETE) (/[^`\s]*)`")]
    private static partial Regex DocumentedCall();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
