using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Understudy.Core.Failover;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Failover;

/// <summary>
/// Notes, on every node, when it first saw each leader's <see cref="Core.Database.LeaderElected"/> in its copy
/// of the database (monotonic time; seen no earlier than that leader was elected). A node that
/// becomes leader in the next term uses the note to bound its predecessor's leases
/// (<see cref="LeaseRule.PredecessorSurelyExpired"/>).
/// </summary>
internal sealed class LeadershipWatch(RaftHost raft, Monotonic clock) : BackgroundService
{
    private readonly ConcurrentDictionary<long, (string Node, TimeSpan Seen)> _seen = new();

    /// <summary>Who led <paramref name="term"/> and when this node first saw it, if it did.</summary>
    public (string Node, TimeSpan Seen)? Seen(long term) => _seen.TryGetValue(term, out var seen) ? seen : null;

    /// <summary>Notes the leadership in this node's copy of the database now.</summary>
    public void Observe()
    {
        if (raft.State.Leadership is { } leadership)
        {
            _seen.TryAdd(leadership.Term, (leadership.Node, clock.Now));
        }
    }

    /// <summary>Notes each leadership as this node applies it (no polling); first the one the
    /// database already holds, applied while the node started.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        raft.Applied += Observe;
        try
        {
            Observe();
            await using var registration = stoppingToken.Register(() => stopped.TrySetResult());
            await stopped.Task;
        }
        finally
        {
            raft.Applied -= Observe;
        }
    }
}
