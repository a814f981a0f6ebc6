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
    LeaderLoop loop,
    TimeProvider time,
    ILogger<DrainCoordinator> logger) : BackgroundService
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(1) };

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        config.Nlb is not { } nlb
            ? Task.CompletedTask
            : loop.RunAsync(
                new LeaderLoopSpec(TimeSpan.FromMilliseconds(250), (state, _, token) => DecideAsync(nlb, state, token))
                {
                    Committed = command => LogDrained(((NlbMemberStateSet)command).Node, ((NlbMemberStateSet)command).Reason),
                    Failed = (_, reason) => LogFailed(reason),
                },
                stoppingToken);

    /// <summary>Stopped for each Draining member whose drain <see cref="DrainRule"/> says is over.</summary>
    private async ValueTask<IReadOnlyList<ClusterCommand>> DecideAsync(NlbConfig nlb, ClusterState state, CancellationToken token)
    {
        var commands = new List<ClusterCommand>();
        foreach (var member in state.Nlb.Members.Values.Where(m => m.State == NlbMemberState.Draining))
        {
            var open = await OpenConnectionsAsync(state, member.Node, token);
            if (DrainRule.Decide(member.Since ?? time.GetUtcNow(), time.GetUtcNow(), nlb.DrainTimeout, open) is { } reason)
            {
                commands.Add(new NlbMemberStateSet(time.GetUtcNow(), member.Node, NlbMemberState.Stopped, reason));
            }
        }

        return commands;
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
