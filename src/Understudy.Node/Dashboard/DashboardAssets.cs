using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Understudy.Node.Dashboard;

/// <summary>
/// The page's files, embedded in this assembly (Dashboard/Assets; plain HTML, CSS and JavaScript,
/// no build step, nothing fetched from elsewhere), served with headers that keep it to itself:
/// scripts and styles from this node only, never inside another site's frame.
/// </summary>
internal static class DashboardAssets
{
    /// <summary>No inline script, nothing from another origin, no framing (the page holds the token).</summary>
    private const string Policy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Bytes, string Type)> Files = new[]
    {
        ("index.html", "text/html; charset=utf-8"),
        ("dashboard.css", "text/css; charset=utf-8"),
        ("dashboard.js", "text/javascript; charset=utf-8"),
        ("favicon.svg", "image/svg+xml"),
    }.ToFrozenDictionary(f => f.Item1, f => (Read(f.Item1), f.Item2), StringComparer.Ordinal);

    /// <summary>Answers with the named file, or 404.</summary>
    public static IResult Serve(string name, HttpContext context)
    {
        if (!Files.TryGetValue(name, out var file))
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return Results.Bytes(file.Bytes, file.Type);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("Understudy.Node.Dashboard." + name)
            ?? throw new InvalidOperationException($"dashboard asset {name} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
