using Microsoft.Extensions.Hosting;
using Understudy.Core.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Database;

/// <summary>
/// The shape of every leader loop (membership, failover, drains): each <see cref="Tick"/>, while
/// this node leads, it asks <see cref="DecideAsync"/> — a Core decision over the committed
/// database — what to commit, replicates the commands in order, stops at the first that fails
/// (lost leadership or quorum: the next leader derives the same decision from the same
/// database), waits until this node has applied them, so that the next tick decides on a
/// database that includes them, and pushes the commit index, so that followers show the change
/// within a round trip instead of at the next Raft heartbeat. Followers only tick.
/// </summary>
internal abstract class LeaderLoop(RaftHost raft, AppliedWait applied, Monotonic clock) : BackgroundService
{
    /// <summary>This node's Raft host.</summary>
    protected RaftHost Raft { get; } = raft;

    /// <summary>The node's one time source.</summary>
    protected Monotonic Clock { get; } = clock;

    /// <summary>How often the leader decides.</summary>
    protected abstract TimeSpan Tick { get; }

    /// <summary>What to commit now on <paramref name="state"/>, in order; empty when nothing changes.</summary>
    protected abstract ValueTask<IReadOnlyList<ClusterCommand>> DecideAsync(ClusterState state, CancellationToken token);

    /// <summary>Called after <paramref name="command"/> is committed (to log it).</summary>
    protected abstract void Committed(ClusterCommand command);

    /// <summary>Called when <paramref name="command"/> could not be committed; the rest of the tick's commands are dropped.</summary>
    protected abstract void CommitFailed(ClusterCommand command, string reason);

    /// <summary>Called after a tick whose decision was empty or fully committed.</summary>
    protected virtual void Settled()
    {
    }

    /// <summary>Whether this loop runs at all on this node (for example only with an <c>nlb:</c> section).</summary>
    protected virtual bool Enabled => true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Tick, Clock.Time);
        while (await Ticks.NextAsync(timer, stoppingToken))
        {
            if (!Raft.IsLeader)
            {
                continue;
            }

            try
            {
                var commands = await DecideAsync(Raft.State, stoppingToken);
                if (commands.Count == 0 || await CommitAsync(commands, stoppingToken))
                {
                    Settled();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<bool> CommitAsync(IReadOnlyList<ClusterCommand> commands, CancellationToken token)
    {
        foreach (var command in commands)
        {
            try
            {
                await Raft.ReplicateAsync(command, token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
            {
                CommitFailed(command, e.Message);
                return false;
            }

            Committed(command);
        }

        try
        {
            await applied.UntilCommittedIsAppliedAsync(token);
            await Raft.PushCommitIndexAsync(token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
        {
            // Committed all the same; followers learn it at the next Raft heartbeat.
            CommitFailed(commands[^1], "committed, but the commit index could not be pushed: " + e.Message);
        }

        return true;
    }
}
