using Microsoft.AspNetCore.OpenApi;

namespace Understudy.Node.Api;

/// <summary>
/// The node API's OpenAPI document, from ASP.NET Core's own generator over the mapped endpoints:
/// <c>GET /api/openapi/v1.json</c>. <c>docs/api.md</c> describes each call in words;
/// <c>ApiDocumentProcessTests</c> keeps the two naming the same calls.
/// </summary>
internal static class ApiDocument
{
    /// <summary>The document's name (and the file name in its route).</summary>
    public const string Name = "v1";

    /// <summary>Where it is served.</summary>
    public const string Route = "/api/openapi/{documentName}.json";

    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Understudy node API";
            document.Info.Description = "Every node serves it. State-changing calls need the cluster's API token (Authorization: Bearer TOKEN); see docs/api.md.";
            document.Info.Version = typeof(ApiDocument).Assembly.GetName().Version?.ToString(3) ?? "0";
            return Task.CompletedTask;
        });
    }
}
