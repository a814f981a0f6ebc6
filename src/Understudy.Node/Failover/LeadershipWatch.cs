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
/// (<see cref="LeaseRule.PredecessorSurelyExpired"/>). It looks on every applied command, so a
/// sighting is noted when the entry is applied, not up to a polling period later.
/// </summary>
internal sealed class LeadershipWatch(RaftHost raft, NodeChanges changes, Monotonic clock) : BackgroundService
{
    /// <summary>A safety net under <see cref="NodeChanges"/>, which every applied command raises.</summary>
    private static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(1);

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
        var seen = changes.Version;
        while (!stoppingToken.IsCancellationRequested)
        {
            Observe();
            seen = await changes.WaitAsync(seen, LongestSleep, stoppingToken);
        }
    }
}
