using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Node.Api;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Failover;

/// <summary>
/// Holds this node's lease: every <see cref="FailoverOptions.Renew"/> it asks the leader for a
/// grant (<see cref="LeaseGrantHandler"/>; in process when it leads), then runs its own read
/// barrier so that its copy of the database is at least as new as the grant, and on success
/// extends the lease to <see cref="FailoverOptions.Lease"/> (<see cref="FailoverOptions.LeaderLease"/>
/// when it granted itself as leader) after the moment it <em>asked</em>. The deadline goes to the lease file that the
/// guards of this node's processes watch, so a node that is frozen or cut off has its workloads
/// killed when the lease ends, whatever the node itself is doing.
/// <para>
/// Renewals overlap: each tick starts one, whether or not the ones before it have answered. A
/// request to a leader that has stalled (a GC pause, a frozen VM) hangs until its own lease-long
/// limit; waiting for it would let the lease run out although the other nodes elect a new
/// leader within a few hundred milliseconds. The next tick asks that new leader instead, and the
/// lease is extended by whichever renewal succeeds — never shortened by one that answers late,
/// since each counts from the moment it asked. At most <c>lease / period</c> renewals are in
/// flight, each bounded by the lease.
/// </para>
/// </summary>
internal sealed partial class LeaseKeeper(
    NodeIdentity self,
    RaftHost raft,
    LeaseGrantHandler grants,
    LeaderClient leader,
    Monotonic clock,
    FailoverOptions options,
    NodeDataDirectory data,
    ILogger<LeaseKeeper> logger) : BackgroundService
{
    private readonly Lock _extend = new();
    private long _deadline = long.MinValue;
    private bool _held;
    private string _lastRefusal = "no renewal answered yet";

    /// <summary>The lease file guards watch.</summary>
    public string FilePath => data.LeaseFile;

    /// <summary>Whether the lease is held now.</summary>
    public bool IsValid => clock.Time.GetTimestamp() < Volatile.Read(ref _deadline);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LeaseFile.Write(FilePath, 0);
        var renewals = new List<Task>();
        using var timer = new PeriodicTimer(options.Renew, clock.Time);
        do
        {
            renewals.RemoveAll(r => r.IsCompleted);
            renewals.Add(RenewAsync(stoppingToken));
            NoteIfLost();

            // The leader's own lease is the shorter one (it bounds how long a successor waits for
            // it), so it is renewed twice as often.
            timer.Period = raft.IsLeader ? options.Renew / 2 : options.Renew;
        }
        while (await Ticks.NextAsync(timer, stoppingToken));

        await Task.WhenAll(renewals);
    }

    /// <summary>One renewal: extends the lease when the grant and the barrier both succeed, else
    /// keeps why not for the log. Never throws: a timeout, a refused connection, a leader that
    /// stepped down mid-barrier all come back as a refusal.</summary>
    private async Task RenewAsync(CancellationToken stoppingToken)
    {
        var started = clock.Time.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(options.Lease);
        var (length, refusal) = await AskGrantAsync(limit.Token, stoppingToken);
        if (refusal is null)
        {
            refusal = await raft.TryReadBarrierAsync(limit.Token) ?? (raft.HasQuorum ? null : "no quorum after the barrier");
        }

        if (refusal is null)
        {
            Extend(started + (long)(length.TotalSeconds * clock.Time.TimestampFrequency));
        }
        else if (!stoppingToken.IsCancellationRequested)
        {
            Volatile.Write(ref _lastRefusal, refusal);
        }
    }

    // Moves the deadline forward (never back: an older renewal can answer after a newer one).
    private void Extend(long deadline)
    {
        lock (_extend)
        {
            if (deadline <= _deadline)
            {
                return;
            }

            Volatile.Write(ref _deadline, deadline);
            LeaseFile.Write(FilePath, deadline);
            if (!_held)
            {
                _held = true;
                LogAcquired();
            }
        }
    }

    private void NoteIfLost()
    {
        lock (_extend)
        {
            if (_held && !IsValid)
            {
                _held = false;
                LogLost(Volatile.Read(ref _lastRefusal));
            }
        }
    }

    // The length of the lease granted, or why none was: the leader grants itself the shorter
    // leader lease (LeaseRule.PredecessorSurelyExpired counts on it) — also while Raft already
    // names this node leader but has not yet handed it leadership, so that no lease this node
    // grants itself is ever the longer one. A follower's request is bounded by the lease (see
    // the class notes on overlapping renewals).
    private async Task<(TimeSpan Length, string? Refusal)> AskGrantAsync(CancellationToken limit, CancellationToken stopping)
    {
        if (raft.IsLeader || raft.LeaderName == self.Name)
        {
            return await grants.GrantAsync(self.Name, limit) ? (options.LeaderLease, null) : (default, "the leader did not grant a lease");
        }

        var answer = await leader.PostAsync($"/api/internal/lease?node={Uri.EscapeDataString(self.Name)}", null, options.Lease, stopping);
        return answer.Ok ? (options.Lease, null) : (default, answer.Status is null ? answer.Detail : "the leader did not grant a lease");
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Lease acquired")]
    private partial void LogAcquired();

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Lease lost: {Reason}")]
    private partial void LogLost(string reason);
}
