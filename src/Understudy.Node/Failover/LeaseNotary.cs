using Microsoft.Extensions.Hosting;
using Understudy.Core.Failover;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Failover;

/// <summary>
/// A member's side of witnessed leases (<see cref="LeaseWitness"/>): notes an owner's renewal
/// when the leader cannot grant it, promising not to help give that owner's roles away for
/// <c>lease + margin</c> by this member's clock, and, asked by the leader, fences an owner whose
/// roles it is releasing and says when its last promise ends. Run by every member, a quorum
/// witness too (its answer counts towards the majorities). Promises and fences are kept in
/// memory; a member that restarted cannot know what it promised before, so until
/// <c>lease + margin</c> after its start it answers as if it had just promised every node, and it
/// notes nothing before its database has caught up with a leader once (a read barrier, tried
/// from the start until one succeeds, so that a leader's later stall does not find it waiting).
/// </summary>
internal sealed class LeaseNotary(RaftHost raft, Monotonic clock, FailoverOptions options) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TimeSpan> _promised = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _fenced = new(StringComparer.Ordinal);
    private volatile bool _caughtUp;

    private TimeSpan Promise => options.Lease + options.Margin;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Renew, clock.Time);
        while (!_caughtUp && await Ticks.NextAsync(timer, stoppingToken))
        {
            await TryCatchUpAsync(stoppingToken);
        }
    }

    private async Task<string?> TryCatchUpAsync(CancellationToken token)
    {
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
            limit.CancelAfter(options.Renew);
            await raft.ReadBarrierAsync(limit.Token);
            _caughtUp = true;
            return null;
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            return "this member has not caught up with a leader since it started: " + e.Message;
        }
    }

    /// <summary>Notes <paramref name="node"/>'s renewal; null on success, else why not.</summary>
    public async Task<string?> NoteAsync(string node, IReadOnlyCollection<LeaseClaim> claims, CancellationToken token)
    {
        if (!_caughtUp && await TryCatchUpAsync(token) is { } behind)
        {
            return behind;
        }

        lock (_gate)
        {
            if (LeaseWitness.Refusal(raft.State, node, claims, _fenced.TryGetValue(node, out var fence) ? fence : null) is { } refusal)
            {
                return refusal;
            }

            var end = clock.Now + Promise;
            if (!_promised.TryGetValue(node, out var old) || old < end)
            {
                _promised[node] = end;
            }

            return null;
        }
    }

    /// <summary>Fences <paramref name="node"/> at <paramref name="token"/>: no more notes for it
    /// while a release up to that token is pending. Returns how long this member's last promise
    /// to it still runs (zero if it has ended).</summary>
    public TimeSpan Fence(string node, long token)
    {
        lock (_gate)
        {
            if (!_fenced.TryGetValue(node, out var old) || old < token)
            {
                _fenced[node] = token;
            }

            var now = clock.Now;
            var end = _promised.TryGetValue(node, out var promised) && promised > Promise ? promised : Promise;
            return end > now ? end - now : TimeSpan.Zero;
        }
    }
}
