using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Membership;
using Understudy.Node.Api;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Dashboard;

/// <summary>
/// What each node says about itself that the database does not hold: the VMs it runs and the
/// connections it forwards. Asked over each node's read API, at most once per
/// <see cref="DashboardOptions.PeerRefreshInterval"/> and only while a page is open, one round
/// for every open page.
/// </summary>
internal sealed partial class PeerReports(
    ClusterConfig config, RaftHost raft, PeerClient peers, Monotonic clock, DashboardOptions options, ILogger<PeerReports> logger)
{
    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _errors = new(StringComparer.Ordinal);
    private int _refreshing;
    private TimeSpan? _lastRound;

    /// <summary>The latest answers per node, in cluster-file order; starts a new round when they are old.</summary>
    public ImmutableArray<PeerReport> Current()
    {
        var now = clock.Now;
        // _lastRound is read and written only by whoever holds _refreshing.
        if (Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            if (_lastRound is not { } last || now - last >= options.PeerRefreshInterval)
            {
                _lastRound = now;
                _ = RefreshAsync();
            }
            else
            {
                Volatile.Write(ref _refreshing, 0);
            }
        }

        return [.. config.Nodes.Select(n => Describe(n.Name, now))];
    }

    private PeerReport Describe(string node, TimeSpan now)
    {
        var answer = _answers.TryGetValue(node, out var a) ? a : null;
        return new PeerReport
        {
            Node = node,
            Error = _errors.TryGetValue(node, out var error) ? error : null,
            AgeMs = answer is null ? null : (long)(now - answer.At).TotalMilliseconds,
            Vms = answer?.Vms,
            Connections = answer?.Connections,
        };
    }

    private async Task RefreshAsync()
    {
        try
        {
            var state = raft.State;
            await Task.WhenAll(config.Nodes.Select(n => AskAsync(n, state.NodeOrJoining(n.Name).State)));
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private async Task AskAsync(NodeConfig node, NodeState state)
    {
        if (node.Witness)
        {
            // A quorum witness runs the vote only (WitnessRunner): no VMs, no NLB to report.
            _errors[node.Name] = "a witness: runs no VMs or NLB";
            return;
        }

        if (state is not (NodeState.Up or NodeState.Paused))
        {
            // Its last answer stays (with its age), but it is not asked: it is not there.
            _errors[node.Name] = $"not asked: {state}";
            return;
        }

        var (vms, vmsWhy) = await peers.GetJsonAsync<JsonElement>(node, "/api/vms", options.PeerTimeout, CancellationToken.None);
        var (connections, connectionsWhy) = vmsWhy is null
            ? await peers.GetJsonAsync<ImmutableSortedDictionary<string, long>>(node, "/api/nlb/connections", options.PeerTimeout, CancellationToken.None)
            : (null, null);
        if ((vmsWhy ?? connectionsWhy) is { } why)
        {
            _errors[node.Name] = why;
            LogPeerSilent(node.Name, why);
            return;
        }

        _answers[node.Name] = new Answer(clock.Now, vms, connections);
        _errors.TryRemove(node.Name, out _);
    }

    [LoggerMessage(EventId = 1901, Level = LogLevel.Debug, Message = "Dashboard: node {Node} did not answer: {Error}")]
    private partial void LogPeerSilent(string node, string error);

    private sealed record Answer(TimeSpan At, JsonElement Vms, ImmutableSortedDictionary<string, long>? Connections);
}
