using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Security;
using Understudy.Node.Api;
using Understudy.Node.Database;
using Understudy.Node.Heartbeats;
using Understudy.Node.Security;

namespace Understudy.Node.Hosting;

/// <summary>
/// What every cluster member runs, a full node and a quorum witness alike: the API host (its
/// logging and Kestrel), the Raft member and its log, heartbeats (so the leader sees the member
/// Up), the status read, and the parent watch. <see cref="NodeRunner"/> adds the rest of a node
/// on top; <see cref="WitnessRunner"/> runs only this.
/// </summary>
internal static class NodeVote
{
    /// <summary>
    /// Threads the pool starts at once, without its ramp-up of about one more per half second:
    /// 16. With the default (one per core, two here) a member that was becoming leader after a
    /// leader's stall answered three lease notes 0.4, 0.6 and 0.8 s late and all in the same
    /// millisecond — work queued behind busy threads — and the owner's lease ran out for want of
    /// them (LeaderStallProcessTests). Idle threads cost nothing until work arrives.
    /// </summary>
    public const int MinPoolThreads = 16;

    /// <summary>The host builder with the member's services, its identity and the cluster's keys.</summary>
    public static (WebApplicationBuilder Builder, NodeIdentity Self, ClusterKeys Keys) Create(NodeRunOptions options, TimeProvider time)
    {
        ThreadPool.GetMinThreads(out var workers, out var completions);
        ThreadPool.SetMinThreads(Math.Max(workers, MinPoolThreads), Math.Max(completions, MinPoolThreads));
        var node = options.Config.FindNode(options.NodeName)
            ?? throw new ArgumentException($"node '{options.NodeName}' is not in cluster '{options.Config.Name}'", nameof(options));
        var self = new NodeIdentity(node, IncarnationFile.Claim(options.DataDirectory, time.GetUtcNow().ToUnixTimeMilliseconds()), Environment.ProcessId);
        var keys = ClusterKeys.Derive(options.Secret, options.Config.Name);
        var apiIdentity = ApiIdentity.Derive(keys, options.Config.Name);

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
            k.Listen(node.ApiEndPoint, listen =>
            {
                if (node.ApiTls)
                {
                    // A client may present a certificate: the cluster's own makes its calls a
                    // node's (ApiTokens); any other is refused in the handshake.
                    listen.UseHttps(new Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = apiIdentity.Certificate,
                        ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate,
                        ClientCertificateValidation = (certificate, _, _) => apiIdentity.Accepts(certificate),
                    });
                }
            });
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
        services.AddSingleton(new NodeChanges(time));
        services.AddSingleton<PeerTable>();
        services.AddSingleton<HeartbeatCounters>();
        services.AddSingleton(_ => TransportIdentity.Derive(keys.TransportKey.Span, options.Config.Name));
        services.AddSingleton(apiIdentity);
        services.AddSingleton(sp => new ApiTokens(keys, sp.GetRequiredService<RaftHost>(), apiIdentity));
        services.AddSingleton<ApiRelay>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RaftHost>(sp, options.DataDirectory));
        services.AddHostedService(sp => sp.GetRequiredService<RaftHost>());
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<HeartbeatTransport>(sp, keys.HeartbeatKey));
        services.AddSingleton<StatusBuilder>();
        services.AddSingleton(Failover.FailoverOptions.From(options.Config.Lease));
        services.AddSingleton<Failover.LeaseNotary>();
        services.AddHostedService(sp => sp.GetRequiredService<Failover.LeaseNotary>());
        if (options.ParentProcessId is { } parent)
        {
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<ParentWatch>(sp, parent));
        }

        return (builder, self, keys);
    }

    /// <summary>The reads every member answers: its status and its liveness.</summary>
    public static void MapReads(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/status", (StatusBuilder status) => Results.Json(status.Build(), StatusJson.Options));
        app.MapGet("/healthz", () => Results.Text("ok"));
    }
}
