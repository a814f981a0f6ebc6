using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Understudy.Core.Config;
using Understudy.Core.Membership;
using Understudy.Node.Api;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Nlb;

/// <summary>
/// Passes this node's extended-affinity memory to the other nodes every <see cref="Interval"/>
/// (<c>POST /api/nlb/affinity</c>), so a client whose next connection the
/// kernel gives to another node still finds its member across convergence. Runs only when a rule
/// has extended affinity.
/// </summary>
internal sealed class AffinityGossip(ClusterConfig config, NodeIdentity self, RaftHost raft, AffinityMemory memory, PeerClient peers, PeerCallOptions options, TimeProvider time) : BackgroundService
{
    /// <summary>A client must have been seen this long before a convergence for every node to know it.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var longest = config.Nlb?.Rules.Select(r => r.ExtendedAffinity).DefaultIfEmpty(TimeSpan.Zero).Max() ?? TimeSpan.Zero;
        if (longest <= TimeSpan.Zero)
        {
            return;
        }

        var since = time.GetTimestamp();
        using var timer = new PeriodicTimer(Interval, time);
        while (await Ticks.NextAsync(timer, stoppingToken))
        {
            var now = time.GetTimestamp();
            var notes = memory.LocalSince(since);
            since = now;
            memory.Prune(longest);
            if (notes.Count == 0)
            {
                continue;
            }

            var state = raft.State;
            var members = config.Nodes.Where(n => n.Name != self.Name && !n.Witness && state.NodeOrJoining(n.Name).State == NodeState.Up);
            // A peer that misses a round learns the client's next connections in the next one.
            await Task.WhenAll(members.Select(peer => peers.PostAsync(peer, "/api/nlb/affinity", JsonContent.Create(notes), options.Gossip, stoppingToken)));
        }
    }
}
