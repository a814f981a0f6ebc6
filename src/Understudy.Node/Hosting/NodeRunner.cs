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
using Understudy.Node.Membership;
using Understudy.Node.Metrics;
using Understudy.Node.Nlb;
using Understudy.Node.Resources;
using Understudy.Node.VmRoles;

namespace Understudy.Node.Hosting;

/// <summary>Composes and runs one node: API, heartbeats, Raft database, membership coordinator,
/// failover, NLB, VMs, dashboard. (A quorum witness runs only the vote: <see cref="WitnessRunner"/>.)</summary>
public static class NodeRunner
{
    /// <summary>Runs until <paramref name="token"/> fires, SIGTERM or Ctrl-C, or the parent exits.</summary>
    public static async Task RunAsync(NodeRunOptions options, TimeProvider time, CancellationToken token)
    {
        var (builder, self, keys) = NodeVote.Create(options, time);
        var node = self.Node;
        var services = builder.Services;
        services.AddSingleton<AppliedWait>();
        services.AddHostedService<MembershipCoordinator>();
        services.AddHostedService<SoftwareAnnouncer>();
        services.AddSingleton<NodeMetrics>();
        services.AddSingleton<RoleMetrics>();
        services.AddSingleton<LeaseMetrics>();
        services.AddSingleton<VmMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("understudy", serviceInstanceId: $"{options.Config.Name}/{node.Name}"))
            .WithMetrics(metrics => metrics.AddMeter(NodeMetrics.MeterName).AddPrometheusExporter());
        // The nodes call each other with the internal token, never an operator's.
        services.AddSingleton(new ApiCredential(ApiToken.Internal(keys)));
        services.AddSingleton(new PeerCallOptions());
        services.AddSingleton<PeerClient>();
        services.AddOpenApi(ApiDocument.Name, ApiDocument.Configure);
        services.AddNlb();
        services.AddDashboard();
        AddFailover(services, options);
        services.AddVmRoles(options, node, keys.GuestAgentKey);

        await using var app = builder.Build();
        _ = app.Services.GetRequiredService<NodeMetrics>();
        _ = app.Services.GetRequiredService<RoleMetrics>();
        _ = app.Services.GetRequiredService<LeaseMetrics>();
        _ = app.Services.GetRequiredService<VmMetrics>();
        // After routing (so the endpoint is known), before any endpoint reads the body.
        app.Use(new ApiInputErrors(options.Config.Api.MaxRequestBodyBytes).InvokeAsync);
        app.Use(new ApiTokenFilter(app.Services.GetRequiredService<ApiTokens>()).InvokeAsync);
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi(ApiDocument.Route);
        NodeVote.MapReads(app);
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
        LeaseWitnessApi.MapChanges(changes);
        VmApi.MapChanges(changes);
        DashboardEndpoints.MapChanges(changes);
        Backup.BackupApi.MapChanges(changes);
    }

    /// <summary>Failover: lease, reconciler, drivers, leader coordinator (docs/failover.md).</summary>
    private static void AddFailover(IServiceCollection services, NodeRunOptions options)
    {
        services.AddSingleton(sp => new NodeDataDirectory(options.DataDirectory, sp.GetRequiredService<NodeIdentity>().Incarnation));
        services.AddSingleton(new WorkloadAccounts(options.SecretFile));
        services.AddSingleton<IResourceDriver, ProcessDriver>();
        services.AddSingleton<IResourceDriver, ProbeDriver>();
        services.AddSingleton<IResourceDriver, AddressDriver>();
        services.AddSingleton<LeaseGrants>();
        services.AddSingleton<LeaseGrantHandler>();
        services.AddSingleton<LeaseFences>();
        services.AddSingleton<LeadershipWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<LeadershipWatch>());
        services.AddSingleton<FailoverViewSource>();
        services.AddSingleton<RoleReportHandler>();
        services.AddSingleton<RoleReporter>();
        services.AddSingleton<Clones.CloneLease>();
        services.AddHostedService(sp => sp.GetRequiredService<Clones.CloneLease>());
        services.AddSingleton<LeaderCommit>();
        services.AddSingleton<RoleParser>();
        services.AddSingleton<LeaseKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseKeeper>());
        services.AddHostedService<StaleAddressSweep>();
        services.AddHostedService<Reconciler>();
        services.AddHostedService<FailoverCoordinator>();
    }
}
