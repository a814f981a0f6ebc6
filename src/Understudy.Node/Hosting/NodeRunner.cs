using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Understudy.Core.Security;
using Understudy.Node.Api;
using Understudy.Node.Dashboard;
using Understudy.Node.Database;
using Understudy.Node.Failover;
using Understudy.Node.Heartbeats;
using Understudy.Node.Membership;
using Understudy.Node.Metrics;
using Understudy.Node.Nlb;
using Understudy.Node.Resources;
using Understudy.Node.Security;
using Understudy.Node.VmRoles;

namespace Understudy.Node.Hosting;

/// <summary>Composes and runs one node: API, heartbeats, Raft database, membership coordinator.</summary>
public static class NodeRunner
{
    /// <summary>Runs until <paramref name="token"/> fires, SIGTERM or Ctrl-C, or the parent exits.</summary>
    public static async Task RunAsync(NodeRunOptions options, TimeProvider time, CancellationToken token)
    {
        var node = options.Config.FindNode(options.NodeName)
            ?? throw new ArgumentException($"node '{options.NodeName}' is not in cluster '{options.Config.Name}'", nameof(options));
        var self = new NodeIdentity(node, time.GetUtcNow().ToUnixTimeMilliseconds(), Environment.ProcessId);
        var keys = ClusterKeys.Derive(options.Secret, options.Config.Name);
        var apiToken = ApiToken.Derive(keys);

        var builder = WebApplication.CreateSlimBuilder();
        NodeConsole.Configure(builder.Logging, builder.Services, options.LogFormat, options.LogLevel);
        builder.Logging.AddFilter("DotNext", LogLevel.Error);
        // A peer that is down or holds another key fails every connect or TLS handshake; the
        // heartbeat counters already say so, without a stack trace per attempt.
        builder.Logging.AddFilter("DotNext.Net.Cluster.Consensus.Raft.NetworkTransport", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(node.Address, node.ApiPort);
            k.Limits.MaxRequestBodySize = options.Config.Api.MaxRequestBodyBytes;
        });
        // A body that does not bind throws, so ApiInputErrors answers it naming the field.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
        });

        var services = builder.Services;
        services.AddSingleton(time);
        services.AddSingleton(options.Config);
        services.AddSingleton(self);
        services.AddSingleton(new Monotonic(time));
        services.AddSingleton<PeerTable>();
        services.AddSingleton<HeartbeatCounters>();
        services.AddSingleton(_ => TransportIdentity.Derive(keys.TransportKey.Span, options.Config.Name));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RaftHost>(sp, options.DataDirectory));
        services.AddHostedService(sp => sp.GetRequiredService<RaftHost>());
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<HeartbeatTransport>(sp, keys.HeartbeatKey));
        services.AddHostedService<MembershipCoordinator>();
        services.AddHostedService<SoftwareAnnouncer>();
        services.AddSingleton<StatusBuilder>();
        services.AddSingleton<NodeMetrics>();
        services.AddSingleton<RoleMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("understudy", serviceInstanceId: $"{options.Config.Name}/{node.Name}"))
            .WithMetrics(metrics => metrics.AddMeter(NodeMetrics.MeterName).AddPrometheusExporter());
        services.AddSingleton(new ApiCredential(apiToken));
        services.AddNlb();
        services.AddDashboard();
        AddFailover(services, options);
        services.AddVmRoles(options, node, keys.GuestAgentKey);
        if (options.ParentProcessId is { } parent)
        {
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<ParentWatch>(sp, parent));
        }

        await using var app = builder.Build();
        _ = app.Services.GetRequiredService<NodeMetrics>();
        _ = app.Services.GetRequiredService<RoleMetrics>();
        // After routing (so the endpoint is known), before any endpoint reads the body.
        app.Use(new ApiInputErrors(options.Config.Api.MaxRequestBodyBytes).InvokeAsync);
        app.Use(new ApiTokenFilter(apiToken).InvokeAsync);
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/api/status", (StatusBuilder status) => Results.Json(status.Build(), StatusJson.Options));
        app.MapGet("/healthz", () => Results.Text("ok"));
        NlbEndpoints.MapReads(app);
        FailoverApi.MapReads(app);
        VmApi.MapReads(app);
        DashboardEndpoints.MapReads(app);

        // State-changing calls go in this group: each needs the cluster's API token.
        var changes = app.MapGroup("/api").WithMetadata(ApiTokenRequired.Instance).AddEndpointFilter(new RequestBodyFilter());
        MapChanges(changes);
        await app.RunAsync(token);
    }

    /// <summary>Where features map their state-changing endpoints (all behind the API token).</summary>
    private static void MapChanges(RouteGroupBuilder changes)
    {
        changes.MapPost("/token-check", () => Results.Json(new { ok = true }));
        NlbEndpoints.MapChanges(changes);
        FailoverApi.MapChanges(changes);
        VmApi.MapChanges(changes);
        DashboardEndpoints.MapChanges(changes);
        Backup.BackupApi.MapChanges(changes);
    }

    /// <summary>Failover: lease, reconciler, drivers, leader coordinator (docs/failover.md).</summary>
    private static void AddFailover(IServiceCollection services, NodeRunOptions options)
    {
        services.AddSingleton(FailoverOptions.From(options.Config.Lease));
        services.AddSingleton(new NodeDataDirectory(options.DataDirectory));
        services.AddSingleton<IResourceDriver, ProcessDriver>();
        services.AddSingleton<IResourceDriver, ProbeDriver>();
        services.AddSingleton<IResourceDriver, AddressDriver>();
        services.AddSingleton<AppliedWait>();
        services.AddSingleton<LeaseGrants>();
        services.AddSingleton<LeaseGrantHandler>();
        services.AddSingleton<LeadershipWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<LeadershipWatch>());
        services.AddSingleton<FailoverViewSource>();
        services.AddSingleton<RoleReportHandler>();
        services.AddSingleton<RoleReporter>();
        services.AddSingleton<Clones.CloneRuns>();
        services.AddSingleton<Clones.CloneLease>();
        services.AddHostedService(sp => sp.GetRequiredService<Clones.CloneLease>());
        services.AddSingleton<LeaderCommit>();
        services.AddSingleton<RoleParser>();
        services.AddSingleton<LeaseKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseKeeper>());
        services.AddHostedService<Reconciler>();
        services.AddHostedService<FailoverCoordinator>();
    }
}
