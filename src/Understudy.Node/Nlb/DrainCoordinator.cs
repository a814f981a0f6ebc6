using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Database;
using Understudy.Core.Membership;
using Understudy.Core.Nlb;
using Understudy.Node.Database;

namespace Understudy.Node.Nlb;

/// <summary>
/// Leader only: for each Draining member, sums the connections every Up node still forwards to
/// it and asks <see cref="DrainRule"/> whether the drain is over; if so commits Stopped.
/// A node that does not answer counts as holding none (it cannot forward anything).
/// </summary>
internal sealed partial class DrainCoordinator(
    ClusterConfig config,
    RaftHost raft,
    TimeProvider time,
    ILogger<DrainCoordinator> logger) : BackgroundService
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(1) };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (config.Nlb is not { } nlb)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var state = raft.State;
                if (!raft.IsLeader)
                {
                    continue;
                }

                foreach (var member in state.Nlb.Members.Values.Where(m => m.State == NlbMemberState.Draining))
                {
                    var open = await OpenConnectionsAsync(state, member.Node, stoppingToken);
                    if (DrainRule.Decide(member.Since ?? time.GetUtcNow(), time.GetUtcNow(), nlb.DrainTimeout, open) is { } reason)
                    {
                        try
                        {
                            await raft.ReplicateAsync(new NlbMemberStateSet(time.GetUtcNow(), member.Node, NlbMemberState.Stopped, reason), stoppingToken);
                            await raft.PushCommitIndexAsync(stoppingToken);
                            LogDrained(member.Node, reason);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            // Lost leadership mid-way: the next leader decides again.
                            LogFailed(e.Message);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<long> OpenConnectionsAsync(ClusterState state, string member, CancellationToken token)
    {
        long total = 0;
        foreach (var node in config.Nodes.Where(n => state.NodeOrJoining(n.Name).State == NodeState.Up))
        {
            try
            {
                var counts = await _http.GetFromJsonAsync<Dictionary<string, long>>($"{node.ApiUrl}/api/nlb/connections", token);
                total += counts is not null && counts.TryGetValue(member, out var n) ? n : 0;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !token.IsCancellationRequested)
            {
                // Unreachable: it forwards nothing.
            }
        }

        return total;
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 1411, Level = LogLevel.Information, Message = "NLB: {Node} stopped ({Reason})")]
    private partial void LogDrained(string node, string reason);

    [LoggerMessage(EventId = 1412, Level = LogLevel.Warning, Message = "NLB: could not end a drain: {Reason}")]
    private partial void LogFailed(string reason);
}
