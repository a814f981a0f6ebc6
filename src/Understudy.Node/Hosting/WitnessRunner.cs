using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Understudy.Node.Api;
using Understudy.Node.Failover;

namespace Understudy.Node.Hosting;

/// <summary>
/// Runs a quorum witness (<c>witness: true</c>; WSFC's file-share witness, Corosync's qdevice):
/// a Raft member in standby — it votes and keeps the log, and can never be elected leader —
/// with its heartbeats and its status read, and nothing else: no failover reconciler or lease,
/// no NLB data plane, no VM drivers, no dashboard, no metrics exporter. Every decision is the
/// leader's, and the leader is always one of the role hosts, so none of that has work on a witness.
/// It does answer the witnessed-lease calls (<see cref="LeaseWitnessApi"/>), behind the API token:
/// its note and its fence count towards the majorities as every member's do.
/// </summary>
public static class WitnessRunner
{
    /// <summary>Runs until <paramref name="token"/> fires, SIGTERM or Ctrl-C, or the parent exits.</summary>
    public static async Task RunAsync(NodeRunOptions options, TimeProvider time, CancellationToken token)
    {
        var (builder, self, keys) = NodeVote.Create(options, time);
        if (!self.Node.Witness)
        {
            throw new ArgumentException($"node '{self.Name}' is not a witness (witness: true) of cluster '{options.Config.Name}'", nameof(options));
        }

        await using var app = builder.Build();
        app.Use(new ApiInputErrors(options.Config.Api.MaxRequestBodyBytes).InvokeAsync);
        app.Use(new ApiTokenFilter(app.Services.GetRequiredService<ApiTokens>()).InvokeAsync);
        NodeVote.MapReads(app);
        LeaseWitnessApi.MapChanges(app.MapGroup("/api").WithMetadata(ApiTokenRequired.Instance).AddEndpointFilter(new RequestBodyFilter()));
        await app.RunAsync(token);
    }
}
