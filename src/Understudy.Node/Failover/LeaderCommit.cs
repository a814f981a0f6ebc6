using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Understudy.Core.Config;
using Understudy.Core.Database;
using Understudy.Node.Api;
using Understudy.Node.Database;

namespace Understudy.Node.Failover;

/// <summary>Commits the commands of an operator's API call on the leader, one call at a time.</summary>
internal sealed class LeaderCommit(ClusterConfig config, RaftHost raft, AppliedWait applied, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ImmutableArray<string> NodeOrder { get; } = config.RoleHosts;

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<IResult> RunAsync(Func<ClusterState, RoleCommandResult> decide, CancellationToken token)
    {
        if (!raft.IsLeader)
        {
            var leader = raft.LeaderName is { } name ? config.FindNode(name)?.ApiUrl : null;
            return Results.Json(
                new ApiError(leader is null ? "no leader now; try again" : $"this node is not the leader; send the call to {leader}", "leader"),
                statusCode: StatusCodes.Status409Conflict);
        }

        await _gate.WaitAsync(token);
        try
        {
            var result = decide(raft.State);
            if (result.Error is { } error)
            {
                return Results.Json(error, StatusJson.Options, statusCode: result.Status);
            }

            foreach (var command in result.Commands)
            {
                await raft.ReplicateAsync(command, token);
            }

            await applied.UntilCommittedIsAppliedAsync(token);
            await raft.PushCommitIndexAsync(token);
            return Results.Json(new { ok = true, version = raft.State.Version }, StatusJson.Options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Results.Json(new ApiError($"could not commit: {e.Message}"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        finally
        {
            _gate.Release();
        }
    }
}
