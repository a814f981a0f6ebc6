using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;
using Understudy.Node.Api;
using Understudy.Node.Database;

namespace Understudy.Node.Failover;

/// <summary>
/// Failover calls of the HTTP API (docs/api.md). Reads answer on any node; changes are committed
/// by the leader, so a follower answers 409 naming the leader's URL, and the CLI sends it there.
/// </summary>
internal static class FailoverApi
{
    // What a leader-only internal call answers on a follower, or when the leader lost its quorum.
    private static readonly Refusal NoQuorum = Refusal.Conflict("not the leader, or no quorum");

    public static void MapReads(IEndpointRouteBuilder app) =>
        app.MapGet("/api/events", (RaftHost raft, long? after) =>
        {
            var state = raft.State;
            return Results.Json(new { last = state.LastEventId, events = state.Events.Where(e => e.Id > (after ?? 0)) }, StatusJson.Options);
        });

    public static void MapChanges(RouteGroupBuilder changes)
    {
        changes.MapPost("/internal/role-report", async (RoleReport report, RoleReportHandler handler, CancellationToken token) =>
            report.Problem() is { } problem ? ApiRefusal.Result(Refusal.BadRequest(problem.Message, problem.Path))
            : await handler.HandleAsync(report, token) ? Results.Json(new { ok = true })
            : ApiRefusal.Result(NoQuorum));

        changes.MapPost("/internal/lease", async (string node, LeaseGrantHandler grants, CancellationToken token) =>
            await grants.GrantAsync(node, token) ? Results.Json(new { ok = true }) : ApiRefusal.Result(NoQuorum));

        changes.MapPost("/roles", async (HttpRequest request, RoleParser parser, LeaderCommit commit, CancellationToken token) =>
        {
            using var reader = new StreamReader(request.Body);
            var yaml = await reader.ReadToEndAsync(token);
            var (role, errors) = await parser.ParseAsync(yaml, token);
            if (role is null)
            {
                return ApiRefusal.Result(Refusal.BadRequest(string.Join("; ", errors.Select(e => e.ToString())), errors[0].Path));
            }

            return await commit.RunAsync(_ => OperatorDecision.Commit(new RoleDefined(commit.Now, role, "added through the API")), token);
        });

        changes.MapDelete("/roles/{name}", (string name, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => RoleOperatorCommands.Remove(state, name, commit.Now), token));

        changes.MapPost("/roles/{name}/move", (string name, string? node, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => RoleOperatorCommands.Move(state, commit.NodeOrder, name, node, commit.Now), token));

        changes.MapPost("/roles/{name}/start", (string name, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => RoleOperatorCommands.Start(state, commit.NodeOrder, name, commit.Now), token));

        changes.MapPost("/roles/{name}/stop", (string name, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => RoleOperatorCommands.Stop(state, name, commit.Now), token));

        changes.MapPost("/nodes/{name}/pause", (string name, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => NodeOperatorCommands.Pause(state, commit.NodeOrder, name, commit.Now), token));

        changes.MapPost("/nodes/{name}/resume", (string name, bool? failback, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => NodeOperatorCommands.Resume(state, commit.NodeOrder, name, failback ?? false, commit.Now), token));

        changes.MapPost("/nodes/{name}/clear-quarantine", (string name, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => NodeOperatorCommands.ClearQuarantine(state, name, commit.Now), token));

        changes.MapPost("/maintenance", (bool on, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(_ => OperatorDecision.Commit(new MaintenanceChanged(commit.Now, on)), token));

        // The next generation of the operator token; the caller's own token is refused from then on.
        changes.MapPost("/token/rotate", (LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => OperatorDecision.Commit(new OperatorTokenRotated(commit.Now, state.OperatorTokenGeneration + 1)), token));
    }
}
