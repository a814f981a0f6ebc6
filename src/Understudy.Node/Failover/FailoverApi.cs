using System.Collections.Immutable;
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
    public static void MapReads(IEndpointRouteBuilder app) =>
        app.MapGet("/api/events", (RaftHost raft, long? after) =>
        {
            var state = raft.State;
            return Results.Json(new { last = state.LastEventId, events = state.Events.Where(e => e.Id > (after ?? 0)) }, StatusJson.Options);
        });

    public static void MapChanges(RouteGroupBuilder changes)
    {
        changes.MapPost("/internal/role-report", async (RoleReport report, RoleReportHandler handler, CancellationToken token) =>
            report.Problem() is { } problem ? Refuse(problem.Message, StatusCodes.Status400BadRequest, problem.Path)
            : await handler.HandleAsync(report, token) ? Results.Json(new { ok = true })
            : Refuse("not the leader, or no quorum", StatusCodes.Status409Conflict));

        changes.MapPost("/internal/lease", async (string node, LeaseGrantHandler grants, CancellationToken token) =>
            await grants.GrantAsync(node, token) ? Results.Json(new { ok = true }) : Refuse("not the leader, or no quorum", StatusCodes.Status409Conflict));

        changes.MapPost("/roles", async (HttpRequest request, RoleParser parser, LeaderCommit commit, CancellationToken token) =>
        {
            using var reader = new StreamReader(request.Body);
            var yaml = await reader.ReadToEndAsync(token);
            var (role, errors) = await parser.ParseAsync(yaml, token);
            if (role is null)
            {
                var first = errors[0];
                return Results.Json(new ApiError(string.Join("; ", errors.Select(e => e.ToString())), first.Path), statusCode: StatusCodes.Status400BadRequest);
            }

            return await commit.RunAsync(_ => Ok([new RoleDefined(commit.Now, role, "added through the API")]), token);
        });

        changes.MapDelete("/roles/{name}", (string name, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => state.Roles.ContainsKey(name) ? Ok([new RoleRemoved(commit.Now, name, "removed through the API")]) : NoRole(name), token));

        changes.MapPost("/roles/{name}/move", (string name, string? node, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => RoleCommands.Move(state, commit.NodeOrder, name, node, commit.Now), token));

        changes.MapPost("/roles/{name}/start", (string name, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => RoleCommands.Start(state, commit.NodeOrder, name, commit.Now), token));

        changes.MapPost("/roles/{name}/stop", (string name, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => RoleCommands.Stop(state, name, commit.Now), token));

        changes.MapPost("/nodes/{name}/pause", (string name, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => !commit.NodeOrder.Contains(name) && !state.Nodes.ContainsKey(name) ? NoNode(name) : state.NodeOrJoining(name).State == NodeState.Up ? Ok([new NodePaused(commit.Now, name)]) : Bad($"node '{name}' is not Up", "name"), token));

        changes.MapPost("/nodes/{name}/resume", (string name, bool? failback, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => !commit.NodeOrder.Contains(name) && !state.Nodes.ContainsKey(name) ? NoNode(name) : state.NodeOrJoining(name) is { State: NodeState.Paused } or { PauseKept: true } ? Ok([new NodeResumed(commit.Now, name, failback ?? false)]) : Bad($"node '{name}' is not Paused", "name"), token));

        changes.MapPost("/nodes/{name}/clear-quarantine", (string name, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(state => state.NodeOrJoining(name).QuarantinedUntil is not null ? Ok([new NodeQuarantineLifted(commit.Now, name, "quarantine cleared by operator")]) : Bad($"node '{name}' is not quarantined", "name"), token));

        changes.MapPost("/maintenance", (bool on, LeaderCommit commit, CancellationToken token) =>
            commit.RunAsync(_ => Ok([new MaintenanceChanged(commit.Now, on)]), token));
    }

    private static IResult Refuse(string message, int status, string? path = null) => Results.Json(new ApiError(message, path), statusCode: status);

    private static RoleCommandResult NoRole(string name) => RoleCommandResult.NotFound($"no role named '{name}'", "name");

    private static RoleCommandResult NoNode(string name) => RoleCommandResult.NotFound($"no node named '{name}'", "name");

    private static RoleCommandResult Ok(ImmutableArray<ClusterCommand> commands) => new(commands, null);

    private static RoleCommandResult Bad(string message, string path) => new([], new ApiError(message, path));
}
