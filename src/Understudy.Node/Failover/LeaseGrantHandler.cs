using Understudy.Core.Config;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Failover;

/// <summary>
/// The leader's side of a lease renewal: note the grant, then confirm leadership with a read
/// barrier (a replication round acknowledged by a majority) before saying yes. A deposed leader
/// cannot get that confirmation, so it cannot extend anyone's lease.
/// </summary>
internal sealed class LeaseGrantHandler(ClusterConfig config, RaftHost raft, LeaseGrants grants, Monotonic clock, FailoverOptions options)
{
    public async Task<bool> GrantAsync(string node, CancellationToken token)
    {
        if (!raft.IsLeader || config.FindNode(node) is null)
        {
            return false;
        }

        grants.Record(node, clock.Now);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(options.Lease);
        try
        {
            await raft.ReadBarrierAsync(limit.Token);
            return raft.IsLeader && raft.HasQuorum;
        }
        catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
        {
            return false;
        }
    }
}
