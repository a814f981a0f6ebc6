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
/// within a round trip instead of at the next Raft heartbeat. Between ticks the loop sleeps on
/// <see cref="NodeChanges"/>, so the leader decides at once on every applied command or
/// leadership change; followers sleep until they lead (issue 17: an idle follower's leader
/// loops used to wake 64 times a second for nothing).
/// </summary>
internal abstract class LeaderLoop(RaftHost raft, AppliedWait applied, NodeChanges changes, Monotonic clock) : BackgroundService
{
    /// <summary>
    /// How long a loop with nothing to do sleeps (500 ms) — a follower's, which waits for
    /// leadership, or a leader's with nothing pending: a safety net under <see cref="NodeChanges"/>,
    /// which a leadership change and every commit raise.
    /// </summary>
    public static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(500);

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

        var seen = changes.Version;
        while (!stoppingToken.IsCancellationRequested)
        {
            var pass = Clock.Time.GetTimestamp();
            var committing = false;
            if (Raft.IsLeader)
            {
                try
                {
                    var commands = await DecideAsync(Raft.State, stoppingToken);
                    committing = commands.Count > 0;
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

            // After a pass that committed, its own commits wake the loop: the next pass waits a
            // whole Tick as it always did, so a decision that repeats itself (a command that
            // changes nothing when applied) cannot commit faster than before.
            // A node that Raft has just named leader is handed leadership a moment after the
            // leader-changed raise, with no raise of its own: it polls at Tick until then (sleeping
            // IdleWait there cost a leader-owner failover ~400 ms in the failover bench).
            var wait = Raft.IsLeader ? NextTick() : Raft.NamedLeader ? Tick : IdleWait;
            seen = await changes.NextPassAsync(seen, pass, wait, stoppingToken, committing ? Tick : null);
        }
    }

    /// <summary>How long the leader waits before deciding again when nothing changes: <see cref="Tick"/> unless a loop knows better.</summary>
    protected virtual TimeSpan NextTick() => Tick;

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
