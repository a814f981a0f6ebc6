using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Failover;
using Understudy.Node.Api;
using Understudy.Node.Hosting;

namespace Understudy.Node.Failover;

/// <summary>
/// The leader's side of witnessed leases: before it releases a Down node's roles to their new
/// owners, it fences that node on every member (<see cref="LeaseNotary.Fence"/>, this node's in
/// process) and waits until the promises of a majority of them have ended
/// (<see cref="LeaseWitness.WitnessedEnd"/>). One round per node and fence token, run in the
/// background; a round that hears from fewer than a majority is started again on the next ask.
/// </summary>
internal sealed partial class LeaseFences(
    ClusterConfig config,
    NodeIdentity self,
    LeaseNotary notary,
    PeerClient peers,
    Monotonic clock,
    FailoverOptions options,
    ILogger<LeaseFences> logger)
{
    private readonly ConcurrentDictionary<string, Round> _rounds = new(StringComparer.Ordinal);

    /// <summary>Whether every witnessed lease <paramref name="node"/> may hold has surely ended,
    /// for a release up to <paramref name="token"/>. Starts the fencing round if none is under way.</summary>
    public bool Ended(string node, long token)
    {
        var round = _rounds.AddOrUpdate(
            node,
            _ => Start(node, token),
            (_, old) => old.Token < token || old.Failed ? Start(node, token) : old);
        return round.End is { } end && clock.Now > end;
    }

    private Round Start(string node, long token)
    {
        var round = new Round(token, config.Nodes.Length);
        _ = RunAsync(round, node);
        return round;
    }

    private async Task RunAsync(Round round, string node)
    {
        // Yield first: Start runs inside the dictionary's update.
        await Task.Yield();
        var asks = config.Nodes.Select(async member =>
        {
            if (member.Name == self.Name)
            {
                round.Add(clock.Now + notary.Fence(node, round.Token));
                return;
            }

            var answer = await peers.PostAsync(member, $"/api/internal/lease-fence?node={Uri.EscapeDataString(node)}&token={round.Token}", null, options.Lease, CancellationToken.None);
            if (answer.Ok && answer.Read<FenceAnswer>().Value is { RemainingMs: >= 0 } fenced)
            {
                round.Add(clock.Now + TimeSpan.FromMilliseconds(fenced.RemainingMs));
            }

            // Any other answer: that member does not count; the others may still make a majority.
        });
        await Task.WhenAll(asks);
        if (round.End is { } ended)
        {
            LogFenced(node, round.Token, (ended - clock.Now).TotalMilliseconds);
        }
        else
        {
            round.Failed = true;
            LogNoMajority(node, round.Token);
        }
    }

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Fenced {Node} at token {Token} on a majority: its last witnessed lease ends in {RemainingMs:F0} ms")]
    private partial void LogFenced(string node, long token, double remainingMs);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Fencing {Node} at token {Token}: fewer than a majority of members answered; trying again")]
    private partial void LogNoMajority(string node, long token);

    private sealed record FenceAnswer(long RemainingMs);

    private sealed class Round(long token, int members)
    {
        private readonly Lock _gate = new();
        private readonly List<TimeSpan> _ends = [];
        private TimeSpan? _end;

        public long Token => token;

        public volatile bool Failed;

        public TimeSpan? End
        {
            get
            {
                lock (_gate)
                {
                    return _end;
                }
            }
        }

        public void Add(TimeSpan end)
        {
            lock (_gate)
            {
                _ends.Add(end);
                _end = LeaseWitness.WitnessedEnd(_ends, members);
            }
        }
    }
}
