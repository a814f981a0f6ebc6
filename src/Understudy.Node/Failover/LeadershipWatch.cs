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
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private readonly ConcurrentDictionary<long, LeaderSighting> _seen = new();

    /// <summary>Who led <paramref name="term"/> and when this node first saw it, if it did.</summary>
    public LeaderSighting? Seen(long term) => _seen.GetValueOrDefault(term);

    /// <summary>Notes the leadership in this node's copy of the database now.</summary>
    public void Observe()
    {
        if (raft.State.Leadership is { } leadership)
        {
            _seen.TryAdd(leadership.Term, new LeaderSighting(leadership.Node, clock.Now));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, clock.Time);
        while (await Ticks.NextAsync(timer, stoppingToken))
        {
            Observe();
        }
    }
}
