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

    /// <summary>Decides on the leader's database and commits what <paramref name="decide"/> returns,
    /// or answers with its refusal; a follower refuses, naming the leader's URL.</summary>
    public async Task<IResult> RunAsync(Func<ClusterState, OperatorDecision> decide, CancellationToken token)
    {
        if (!raft.IsLeader)
        {
            var leader = raft.LeaderName is { } name ? config.FindNode(name)?.ApiUrl : null;
            return ApiRefusal.Result(Refusal.Conflict(leader is null ? "no leader now; try again" : $"this node is not the leader; send the call to {leader}", "leader"));
        }

        await _gate.WaitAsync(token);
        try
        {
            var decision = decide(raft.State);
            if (decision.Refusal is { } refusal)
            {
                return ApiRefusal.Result(refusal);
            }

            foreach (var command in decision.Commands)
            {
                await raft.ReplicateAsync(command, token);
            }

            await applied.UntilCommittedIsAppliedAsync(token);
            await raft.PushCommitIndexAsync(token);
            return Results.Json(new { ok = true, version = raft.State.Version }, StatusJson.Options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ApiRefusal.Result(Refusal.Unavailable($"could not commit: {e.Message}"));
        }
        finally
        {
            _gate.Release();
        }
    }
}
