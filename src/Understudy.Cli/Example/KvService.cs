using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Understudy.Cli.Example;

/// <summary>
/// The failover example: a small HTTP key-value service. <c>GET /kv/KEY</c>, <c>PUT /kv/KEY</c>
/// (body = value), <c>GET /kv</c>, <c>GET /healthz</c>. Its fencing token comes from
/// UNDERSTUDY_FENCING_TOKEN; writes under a token older than the data file's are refused (409).
/// </summary>
internal static class KvService
{
    public static async Task<int> RunAsync(IPEndPoint listen, string dataFile, CancellationToken stop)
    {
        var token = long.TryParse(Environment.GetEnvironmentVariable("UNDERSTUDY_FENCING_TOKEN"), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : 0;
        var node = Environment.GetEnvironmentVariable("UNDERSTUDY_NODE") ?? Environment.MachineName;
        var store = new KvStore(Path.GetFullPath(dataFile), token);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(listen));
        await using var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text($"ok node={node} token={token} pid={Environment.ProcessId}\n"));
        app.MapGet("/kv", () => Results.Json(store.Read()));
        app.MapGet("/kv/{key}", (string key) => store.Read().Items.TryGetValue(key, out var value) ? Results.Text(value) : Results.NotFound());
        app.MapPut("/kv/{key}", async (string key, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var value = await reader.ReadToEndAsync();
            return store.Write(key, value) is { } refused ? Results.Text(refused + "\n", statusCode: StatusCodes.Status409Conflict) : Results.Text($"stored under token {token}\n");
        });
        await app.RunAsync(stop);
        return 0;
    }
}
