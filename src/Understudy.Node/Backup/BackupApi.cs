using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Understudy.Core.Backup;
using Understudy.Core.Config;
using Understudy.Core.Membership;
using Understudy.Node.Api;
using Understudy.Core.Database;
using Understudy.Node.Database;
using Understudy.Node.Failover;
using Understudy.Node.Hosting;

namespace Understudy.Node.Backup;

/// <summary>
/// <c>GET /api/backup</c> and <c>POST /api/restore</c> (token required; docs/api.md): the leader's
/// committed database as a <see cref="BackupDocument"/>, and its roles back into a cluster whose
/// roles are all stopped (<see cref="RestoreRules"/>).
/// </summary>
internal static class BackupApi
{
    public static void MapChanges(RouteGroupBuilder changes)
    {
        // A GET, but behind the token: the database holds every role's definition, environment included.
        changes.MapGet("/backup", async (ClusterConfig config, RaftHost raft, TimeProvider time, CancellationToken token) =>
        {
            if (!raft.IsLeader)
            {
                return NotLeader(config, raft);
            }

            // The leader's database, after confirming it still leads a majority: nothing newer is committed anywhere.
            await raft.ReadBarrierAsync(token);
            var backup = new BackupDocument
            {
                Format = BackupDocument.CurrentFormat,
                Cluster = config.Name,
                Software = NodeSoftwareVersion.Current,
                Protocol = DatabaseProtocol.Current,
                TakenAt = time.GetUtcNow(),
                Database = raft.State,
            };
            return Results.Json(backup, CommandCodec.Options);
        });

        changes.MapPost("/restore", async (HttpRequest request, ClusterConfig config, LeaderCommit commit, CancellationToken token) =>
        {
            BackupDocument? backup;
            try
            {
                backup = await JsonSerializer.DeserializeAsync<BackupDocument>(request.Body, CommandCodec.Options, token);
            }
            catch (JsonException e)
            {
                return Results.Json(new ApiError($"not a backup: {e.Message}", ApiInputErrors.Field(e.Path)), StatusJson.Options, statusCode: StatusCodes.Status400BadRequest);
            }

            if (backup is null)
            {
                return Results.Json(new ApiError("not a backup: the body is null"), StatusJson.Options, statusCode: StatusCodes.Status400BadRequest);
            }

            return await commit.RunAsync(
                state => RestoreRules.Check(backup, config.Name, state) is { } problem
                    ? Refusal.BadRequest(problem, "backup")
                    : OperatorDecision.Commit(DatabaseRestored.From(backup, commit.Now)),
                token);
        });
    }

    private static IResult NotLeader(ClusterConfig config, RaftHost raft)
    {
        var leader = raft.LeaderName is { } name ? config.FindNode(name)?.ApiUrl : null;
        return Results.Json(
            new ApiError(leader is null ? "no leader now; try again" : $"this node is not the leader; send the call to {leader}", "leader"),
            StatusJson.Options,
            statusCode: StatusCodes.Status409Conflict);
    }
}
