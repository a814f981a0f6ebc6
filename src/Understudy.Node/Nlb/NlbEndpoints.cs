using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Understudy.Core.Config;
using Understudy.Core.Database;
using Understudy.Core.Nlb;
using Understudy.Node.Api;
using Understudy.Node.Database;

namespace Understudy.Node.Nlb;

/// <summary>The NLB calls of the HTTP API (docs/api.md). Changes go through the token group.</summary>
internal static class NlbEndpoints
{
    /// <summary>Reads: this node's open connections per member (used by drainstop).</summary>
    public static void MapReads(IEndpointRouteBuilder app) =>
        app.MapGet("/api/nlb/connections", (NlbConnections connections) => Results.Json(connections.Snapshot()));

    /// <summary>Changes, each behind the API token.</summary>
    public static void MapChanges(RouteGroupBuilder changes)
    {
        changes.MapPost("/nlb/members/{node}/{operation}", OperateAsync);
        changes.MapPost("/nlb/members/{node}/weights/{rule}", SetWeightAsync);
        changes.MapPost("/nlb/commit", CommitAsync);
        changes.MapPost("/nlb/affinity", (List<AffinityNote> notes, AffinityMemory memory) =>
        {
            memory.Merge(notes);
            return Results.Json(new { ok = true });
        });
    }

    private static async Task<IResult> OperateAsync(
        string node, string operation, ClusterConfig config, RaftHost raft, CommandSubmitter submitter, TimeProvider time, CancellationToken cancel)
    {
        if (config.Nlb is not { } nlb)
        {
            return Bad("this cluster has no nlb section", null);
        }

        if (nlb.FindMember(node) is null)
        {
            return NotFound($"'{node}' is not an NLB member (members: {string.Join(", ", nlb.Members.Select(m => m.Node))})", "node");
        }

        NlbOperation? op = operation switch
        {
            "start" => NlbOperation.Start,
            "stop" => NlbOperation.Stop,
            "drainstop" => NlbOperation.DrainStop,
            "suspend" => NlbOperation.Suspend,
            "resume" => NlbOperation.Resume,
            _ => null,
        };
        if (op is not { } known)
        {
            return Bad($"'{operation}' is not an operation; expected start, stop, drainstop, suspend or resume", "operation");
        }

        var current = raft.State.Nlb.MemberOrInitial(node).State;
        var transition = NlbOperations.Next(current, known);
        if (transition.Next is not { } next)
        {
            return Results.Json(new ApiError($"{node}: {transition.Error}", "operation"), statusCode: StatusCodes.Status409Conflict);
        }

        return await CommitResultAsync(submitter, new NlbMemberStateSet(time.GetUtcNow(), node, next, operation), cancel);
    }

    private static async Task<IResult> SetWeightAsync(
        string node, string rule, WeightRequest? body, ClusterConfig config, CommandSubmitter submitter, TimeProvider time, CancellationToken cancel)
    {
        if (config.Nlb is not { } nlb)
        {
            return Bad("this cluster has no nlb section", null);
        }

        if (nlb.FindMember(node) is null)
        {
            return NotFound($"'{node}' is not an NLB member", "node");
        }

        if (nlb.FindRule(rule) is null)
        {
            return NotFound($"'{rule}' is not a port rule (rules: {string.Join(", ", nlb.Rules.Select(r => r.Name))})", "rule");
        }

        if (body?.Weight is not (>= 0 and <= 100) || body.Weight is not { } weight)
        {
            return Bad("weight must be a whole number 0..100", "weight");
        }

        return await CommitResultAsync(submitter, new NlbWeightSet(time.GetUtcNow(), node, rule, weight), cancel);
    }

    // A follower hands the leader a command it built; the leader checks it as it would a
    // cluster file before replicating, so no entry that fails to apply reaches the log.
    private static async Task<IResult> CommitAsync(HttpRequest request, ClusterConfig config, RaftHost raft, CancellationToken cancel)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancel);
        var (command, error, path) = CommandCodec.TryDecode(new System.Buffers.ReadOnlySequence<byte>(body.ToArray()));
        if (command is null)
        {
            return Bad(error ?? "not a command", ApiInputErrors.Field(path));
        }

        // Besides NLB commands, the one other command a node hands the leader this way: its
        // software announcement (Membership/SoftwareAnnouncer).
        var problem = command is Core.Membership.NodeSoftwareAnnounced software
            ? Core.Membership.NodeSoftwareRules.Check(software, config)
            : NlbCommandRules.Check(command, config.Nlb);
        if (problem is not null)
        {
            return Bad(problem.Message, problem.Path);
        }

        if (!raft.IsLeader)
        {
            return Results.Json(new ApiError("not the leader"), statusCode: StatusCodes.Status421MisdirectedRequest);
        }

        await raft.ReplicateAsync(command, cancel);
        await raft.PushCommitIndexAsync(cancel);
        return Results.Json(new { ok = true });
    }

    private static async Task<IResult> CommitResultAsync(CommandSubmitter submitter, ClusterCommand command, CancellationToken cancel) =>
        await submitter.SubmitAsync(command, cancel) is { } error
            ? Results.Json(new ApiError(error), statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Json(new { ok = true });

    private static IResult NotFound(string error, string path) => Results.Json(new ApiError(error, path), statusCode: StatusCodes.Status404NotFound);

    private static IResult Bad(string error, string? path) => Results.Json(new ApiError(error, path), statusCode: StatusCodes.Status400BadRequest);

    /// <summary>Body of the weight call.</summary>
    internal sealed record WeightRequest(int? Weight);
}
