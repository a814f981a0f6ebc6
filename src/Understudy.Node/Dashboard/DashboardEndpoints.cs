using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Understudy.Node.Api;

namespace Understudy.Node.Dashboard;

/// <summary>The dashboard (docs/operations.md): the page at <c>/</c>, its document and its stream.</summary>
internal static class DashboardEndpoints
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddSingleton(new DashboardOptions());
        services.AddSingleton<PeerReports>();
        services.AddSingleton<DashboardBuilder>();
        services.AddSingleton<DashboardStream>();
        return services;
    }

    /// <summary>Reads: the page, its files, the document and the stream; no token.</summary>
    public static void MapReads(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) => DashboardAssets.Serve("index.html", context));
        app.MapGet("/dashboard/{file}", (string file, HttpContext context) => DashboardAssets.Serve(file, context));
        app.MapGet("/api/dashboard", (DashboardBuilder builder) => Results.Json(builder.Build(), StatusJson.Options));
        app.MapGet("/api/dashboard/events", (HttpContext context, DashboardStream stream) => stream.ServeAsync(context));
    }

    /// <summary>Changes: the failover actions passed to the leader.</summary>
    public static void MapChanges(RouteGroupBuilder changes) =>
        changes.MapPost("/dashboard/leader/{**path}", LeaderForward.ForwardAsync);
}
