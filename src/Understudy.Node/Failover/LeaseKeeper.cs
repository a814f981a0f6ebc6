using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
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
/// </summary>
internal sealed partial class LeaseKeeper(
    ClusterConfig config,
    NodeIdentity self,
    RaftHost raft,
    LeaseGrantHandler grants,
    ApiCredential credential,
    Monotonic clock,
    FailoverOptions options,
    NodeDataDirectory data,
    ILogger<LeaseKeeper> logger) : BackgroundService
{
    private readonly HttpClient _http = new();
    private long _deadline = long.MinValue;
    private bool _held;

    /// <summary>The lease file guards watch.</summary>
    public string FilePath => data.LeaseFile;

    /// <summary>Whether the lease is held now.</summary>
    public bool IsValid => clock.Time.GetTimestamp() < Volatile.Read(ref _deadline);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LeaseFile.Write(FilePath, 0);
        using var timer = new PeriodicTimer(options.Renew, clock.Time);
        do
        {
            await RenewAsync(stoppingToken);

            // The leader's own lease is the shorter one (it bounds how long a successor waits for
            // it), so it is renewed twice as often.
            timer.Period = raft.IsLeader ? options.Renew / 2 : options.Renew;
        }
        while (await Ticks.NextAsync(timer, stoppingToken));
    }

    private async Task RenewAsync(CancellationToken stoppingToken)
    {
        var started = clock.Time.GetTimestamp();
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            limit.CancelAfter(options.Lease);
            if (await AskGrantAsync(limit.Token) is not { } length)
            {
                throw new InvalidOperationException("the leader did not grant a lease");
            }

            await raft.ReadBarrierAsync(limit.Token);
            if (!raft.HasQuorum)
            {
                throw new InvalidOperationException("no quorum after the barrier");
            }

            var deadline = started + (long)(length.TotalSeconds * clock.Time.TimestampFrequency);
            Volatile.Write(ref _deadline, deadline);
            LeaseFile.Write(FilePath, deadline);
            if (!_held)
            {
                _held = true;
                LogAcquired();
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            if (_held && !IsValid)
            {
                _held = false;
                LogLost(e.Message);
            }
        }
    }

    // The length of the lease granted, or null if none was: the leader grants itself the
    // shorter leader lease (LeaseRule.PredecessorSurelyExpired counts on it) — also while Raft
    // already names this node leader but has not yet handed it leadership, so that no lease this
    // node grants itself is ever the longer one.
    private async Task<TimeSpan?> AskGrantAsync(CancellationToken token)
    {
        if (raft.IsLeader || raft.LeaderName == self.Name)
        {
            return await grants.GrantAsync(self.Name, token) ? options.LeaderLease : null;
        }

        if (raft.LeaderName is not { } leader || config.FindNode(leader) is not { } node)
        {
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{node.ApiUrl}/api/internal/lease?node={Uri.EscapeDataString(self.Name)}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", credential.Token);
        using var response = await _http.SendAsync(request, token);
        return response.IsSuccessStatusCode ? options.Lease : null;
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Lease acquired")]
    private partial void LogAcquired();

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Lease lost: {Reason}")]
    private partial void LogLost(string reason);
}
