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
/// (<c>POST /api/nlb/affinity</c>, with the API token), so a client whose next connection the
/// kernel gives to another node still finds its member across convergence. Runs only when a rule
/// has extended affinity.
/// </summary>
internal sealed class AffinityGossip(ClusterConfig config, NodeIdentity self, RaftHost raft, AffinityMemory memory, ApiCredential credential, TimeProvider time) : BackgroundService
{
    /// <summary>A client must have been seen this long before a convergence for every node to know it.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

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
            var peers = config.Nodes.Where(n => n.Name != self.Name && !n.Witness && state.NodeOrJoining(n.Name).State == NodeState.Up);
            await Task.WhenAll(peers.Select(peer => SendAsync(peer.ApiUrl, notes, stoppingToken)));
        }
    }

    private async Task SendAsync(string url, List<AffinityNote> notes, CancellationToken token)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/api/nlb/affinity") { Content = JsonContent.Create(notes) };
            credential.Authorize(request);
            using var response = await _http.SendAsync(request, token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
        {
            // A peer that misses a round learns the client's next connections in the next one.
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
