using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Failover;
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
/// <para>
/// When two renewals in a row found no leader to grant them (a stalled leader, an election under
/// way), each tick also asks every member to note the renewal instead (<see cref="LeaseNotary"/>,
/// this node's own in process): noted by a majority, the lease runs <see cref="FailoverOptions.Lease"/>
/// after the moment it asked (<see cref="LeaseWitness"/>). That only extends a lease still held;
/// a lapsed lease comes back only through a leader's grant and a read barrier.
/// </para>
/// </summary>
internal sealed partial class LeaseKeeper(
    ClusterConfig config,
    NodeIdentity self,
    RaftHost raft,
    LeaseGrantHandler grants,
    LeaseNotary notary,
    PeerClient peers,
    Monotonic clock,
    NodeChanges changes,
    FailoverOptions options,
    NodeDataDirectory data,
    ILogger<LeaseKeeper> logger) : BackgroundService
{
    private readonly Lock _extend = new();
    private readonly Lock _renewing = new();
    private long _deadline = long.MinValue;
    private long _lastGrant;
    private int _witnessed;
    private bool _held;
    private string _lastRefusal = "no renewal answered yet";
    private string? _lastWitnessRefusal;
    private int _witnessTries;
    private long _acquired;
    private long _lost;
    private long _witnessRenewals;

    /// <summary>The lease file guards watch.</summary>
    public string FilePath => data.LeaseFile;

    /// <summary>Whether the lease is held now.</summary>
    public bool IsValid => clock.Time.GetTimestamp() < Volatile.Read(ref _deadline);

    /// <summary>How long the lease still runs (zero when not held), for the metrics.</summary>
    public TimeSpan Remaining => IsValid ? clock.Time.GetElapsedTime(clock.Time.GetTimestamp(), Volatile.Read(ref _deadline)) : TimeSpan.Zero;

    /// <summary>Times the lease was acquired (after none was held) since the node started.</summary>
    public long Acquisitions => Interlocked.Read(ref _acquired);

    /// <summary>Times the lease ran out while held.</summary>
    public long Losses => Interlocked.Read(ref _lost);

    /// <summary>Renewals a majority of members noted because no leader granted them.</summary>
    public long WitnessedRenewals => Interlocked.Read(ref _witnessRenewals);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // This incarnation's file, expired until the first grant; its predecessors' files go, so
        // that guards a killed predecessor left behind end their workloads (LeaseFile).
        LeaseFile.Write(FilePath, 0);
        LeaseFile.RemoveEarlier("lease", FilePath);
        var renewals = new List<Task>();

        // A new leader is asked at once rather than at the next tick: after a leader's stall or
        // death the survivors' election is what the owner's lease races against, and up to a
        // whole renewal period would be lost waiting for the tick.
        void OnLeaderChanged(DotNext.Net.Cluster.ICluster sender, DotNext.Net.Cluster.IClusterMember? leader)
        {
            if (leader is not null && !stoppingToken.IsCancellationRequested)
            {
                lock (_renewing)
                {
                    renewals.Add(RenewAsync(stoppingToken));
                }
            }
        }

        var cluster = raft.Cluster;
        if (cluster is not null)
        {
            cluster.LeaderChanged += OnLeaderChanged;
        }

        try
        {
            await RenewEveryTickAsync(renewals, stoppingToken);
        }
        finally
        {
            if (cluster is not null)
            {
                cluster.LeaderChanged -= OnLeaderChanged;
            }
        }

        Task[] pending;
        lock (_renewing)
        {
            pending = [.. renewals];
        }

        await Task.WhenAll(pending);
    }

    private async Task RenewEveryTickAsync(List<Task> renewals, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Renew, clock.Time);
        do
        {
            lock (_renewing)
            {
                renewals.RemoveAll(r => r.IsCompleted);
                renewals.Add(RenewAsync(stoppingToken));
            }

            if (LeaderRenewalsMissed())
            {
                lock (_renewing)
                {
                    renewals.Add(RenewWithWitnessesAsync(stoppingToken));
                }
            }

            NoteIfLost();

            // The leader's own lease is the shorter one (it bounds how long a successor waits for
            // it), so it is renewed twice as often.
            timer.Period = raft.IsLeader ? options.Renew / 2 : options.Renew;
        }
        while (await Ticks.NextAsync(timer, stoppingToken));
    }

    /// <summary>One renewal: extends the lease when the grant and the barrier both succeed, else
    /// keeps why not for the log. Never throws.</summary>
    private async Task RenewAsync(CancellationToken stoppingToken)
    {
        var started = clock.Time.GetTimestamp();
        string? refusal;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            limit.CancelAfter(options.Lease);
            var (granted, why) = await AskGrantAsync(limit.Token);
            if (granted is not { } length)
            {
                refusal = why;
            }
            else
            {
                refusal = await BarrierAsync(limit.Token);
                if (refusal is null)
                {
                    InterlockedMax(ref _lastGrant, started);
                    Volatile.Write(ref _witnessTries, 0);
                    if (Interlocked.Exchange(ref _witnessed, 0) == 1)
                    {
                        LogLeaderGrantsBack();
                    }

                    Extend(started + ToTimestamp(length));
                }
            }
        }
        catch (Exception e)
        {
            // A timeout, a refused connection, a leader that stepped down mid-barrier: all mean
            // no renewal this time, and none may end the loop or go unobserved.
            refusal = stoppingToken.IsCancellationRequested ? null : e.Message;
        }

        if (refusal is not null)
        {
            Volatile.Write(ref _lastRefusal, refusal);
        }
    }

    // Whether the last two renewal periods brought no leader's grant, while the lease still holds.
    private bool LeaderRenewalsMissed()
    {
        var now = clock.Time.GetTimestamp();
        return now < Volatile.Read(ref _deadline) && now - Volatile.Read(ref _lastGrant) > ToTimestamp(options.Renew * 2);
    }

    /// <summary>One witnessed renewal: every member is asked to note it (this node first, in
    /// process); when a majority has, the lease is extended from the moment it asked — if it
    /// still holds then. Never throws.</summary>
    private async Task RenewWithWitnessesAsync(CancellationToken stoppingToken)
    {
        var started = clock.Time.GetTimestamp();
        Interlocked.Increment(ref _witnessTries);
        var claims = LeaseWitness.ClaimsOf(raft.State, self.Name);
        var majority = LeaseWitness.Majority(config.Nodes.Length);
        var noted = 0;
        void Noted()
        {
            if (Interlocked.Increment(ref noted) == majority && ExtendHeld(started + ToTimestamp(options.Lease)))
            {
                Interlocked.Increment(ref _witnessRenewals);
                if (Interlocked.Exchange(ref _witnessed, 1) == 0)
                {
                    LogWitnessed(majority, Volatile.Read(ref _lastRefusal));
                }
            }
        }

        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            limit.CancelAfter(options.Lease);
            if (await notary.NoteAsync(self.Name, claims, limit.Token) is { } refused)
            {
                Volatile.Write(ref _lastWitnessRefusal, "refused here: " + refused);
                return;
            }

            Noted();
            var body = new LeaseNoteRequest(self.Name, claims);
            string? refusedBy = null;
            await Task.WhenAll(config.Nodes.Where(n => n.Name != self.Name).Select(async member =>
            {
                // A member that does not answer does not count; the others may still make a majority.
                var answer = await peers.PostAsync(member, "/api/internal/lease-note", System.Net.Http.Json.JsonContent.Create(body), options.Lease, limit.Token);
                if (answer.Ok)
                {
                    Noted();
                }
                else
                {
                    Volatile.Write(ref refusedBy, $"{member.Name}: {answer.Why}");
                    Volatile.Write(ref _lastWitnessRefusal, refusedBy);
                }
            }));

            if (Volatile.Read(ref noted) < majority)
            {
                Volatile.Write(ref _lastWitnessRefusal, $"noted by {Volatile.Read(ref noted)} of {config.Nodes.Length} members, {majority} needed; {refusedBy}");
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            Volatile.Write(ref _lastWitnessRefusal, e.Message);
        }
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * clock.Time.TimestampFrequency);

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref target, value, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    // Null once this node's copy of the database is at least as new as the grant, with quorum.
    private async Task<string?> BarrierAsync(CancellationToken token)
    {
        await raft.ReadBarrierAsync(token);
        return raft.HasQuorum ? null : "no quorum after the barrier";
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

            var lapsed = !IsValid;
            Volatile.Write(ref _deadline, deadline);
            LeaseFile.Write(FilePath, deadline);
            if (lapsed)
            {
                changes.Raise(); // the reconciler sleeps while the lease holds, and may start roles now
            }

            if (!_held)
            {
                _held = true;
                Interlocked.Increment(ref _acquired);
                LogAcquired();
            }
        }
    }

    // A witnessed renewal only extends a lease that still holds; true if it did.
    private bool ExtendHeld(long deadline)
    {
        lock (_extend)
        {
            if (_held && IsValid)
            {
                Extend(deadline);
                return true;
            }

            return false;
        }
    }

    private void NoteIfLost()
    {
        lock (_extend)
        {
            if (_held && !IsValid)
            {
                _held = false;
                Interlocked.Increment(ref _lost);
                LogLost(Volatile.Read(ref _lastRefusal), Volatile.Read(ref _witnessTries), Volatile.Read(ref _lastWitnessRefusal) ?? "none");
            }
        }
    }

    // The length of the lease granted, or null and why not: the leader grants itself the
    // shorter leader lease (LeaseRule.PredecessorSurelyExpired counts on it) — also while Raft
    // already names this node leader but has not yet handed it leadership, so that no lease this
    // node grants itself is ever the longer one.
    private async Task<(TimeSpan? Length, string Why)> AskGrantAsync(CancellationToken token)
    {
        if (raft.IsLeader || raft.LeaderName == self.Name)
        {
            return await grants.GrantAsync(self.Name, token) ? (options.LeaderLease, "") : (null, "this node leads (or is taking over) and could not grant itself a lease");
        }

        var answer = await peers.PostToLeaderAsync($"/api/internal/lease?node={Uri.EscapeDataString(self.Name)}", null, options.Lease, token);
        return answer.Ok ? (options.Lease, "") : (null, $"the leader did not grant a lease: {answer.Why}");
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Lease acquired")]
    private partial void LogAcquired();

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Lease lost: {Reason} (witnessed renewals since the last grant: {WitnessTries}, last refused: {WitnessReason})")]
    private partial void LogLost(string reason, int witnessTries, string witnessReason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Lease kept by the notes of {Majority} members: no leader granted it ({Reason})")]
    private partial void LogWitnessed(int majority, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Lease granted by the leader again")]
    private partial void LogLeaderGrantsBack();
}
