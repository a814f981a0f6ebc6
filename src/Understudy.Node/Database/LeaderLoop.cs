using Understudy.Core.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Database;

/// <summary>
/// The one shape of every leader-only loop (membership, failover, NLB drains): each
/// <see cref="LeaderLoopSpec.Period"/> — or at once after a commit this node applies, with
/// <see cref="LeaderLoopSpec.WakeOnCommit"/> — if this node leads, ask the feature's decide
/// function what to commit, replicate it in order, wait until this node has applied it (so the
/// next round does not decide it twice) and push the commit index to the followers (so their
/// status shows it within a round trip). Followers still wake each period to ask whether they
/// lead: sleeping on DotNext's WaitForLeadershipAsync instead left the membership loop of a
/// re-elected leader idle in a loaded run, and was taken out until that is understood.
/// </summary>
internal sealed class LeaderLoop(RaftHost raft, AppliedWait applied, TimeProvider time)
{
    /// <summary>Runs <paramref name="spec"/> until <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(LeaderLoopSpec spec, CancellationToken stopping)
    {
        var wake = spec.WakeOnCommit ? new Wakeup() : null;
        Action? onApplied = wake is null ? null : wake.Set;
        if (onApplied is not null)
        {
            raft.Applied += onApplied;
        }

        try
        {
            await RoundsAsync(spec, wake, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            if (onApplied is not null)
            {
                raft.Applied -= onApplied;
            }
        }
    }

    private async Task RoundsAsync(LeaderLoopSpec spec, Wakeup? wake, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(spec.Period, time);
        Task<bool>? tick = null;
        while (!stopping.IsCancellationRequested)
        {
            wake?.Reset();
            if (await RoundAsync(spec, stopping))
            {
                // The round's own commits are applied already; only others' should wake it.
                wake?.Reset();
            }

            tick ??= Ticks.NextAsync(timer, stopping).AsTask();
            if (wake is not null && await Task.WhenAny(tick, wake.Task) != tick)
            {
                continue;
            }

            if (!await tick)
            {
                return;
            }

            tick = null;
        }
    }

    /// <summary>One decision and its commits; true if it committed anything.</summary>
    private async Task<bool> RoundAsync(LeaderLoopSpec spec, CancellationToken stopping)
    {
        if (!raft.IsLeader)
        {
            return false;
        }

        var term = raft.Term;
        var commands = await spec.Decide(raft.State, term, stopping);
        foreach (var command in commands)
        {
            if (await TryReplicateAsync(command, stopping) is { } failure)
            {
                spec.Failed?.Invoke(command, failure);
                return false;
            }

            spec.Committed?.Invoke(command);
        }

        spec.RoundDone?.Invoke(term);
        if (commands.Count == 0)
        {
            return false;
        }

        await applied.UntilCommittedIsAppliedAsync(stopping);
        await raft.PushCommitIndexAsync(stopping);
        return true;
    }

    /// <summary>Null once committed; why not if leadership or quorum was lost on the way.</summary>
    private async Task<string?> TryReplicateAsync(ClusterCommand command, CancellationToken stopping)
    {
        try
        {
            await raft.ReplicateAsync(command, stopping);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            return e.Message;
        }
    }
}
