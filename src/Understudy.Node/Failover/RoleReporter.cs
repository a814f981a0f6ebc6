using System.Net.Http.Json;
using Understudy.Core.Failover;
using Understudy.Node.Api;
using Understudy.Node.Database;

namespace Understudy.Node.Failover;

/// <summary>
/// Delivers an owner's reports (online, failed, released) to the leader: in process when this
/// node leads, else by <c>POST /api/internal/role-report</c> to the leader's API. A report that
/// cannot be delivered is simply sent again by the reconciler on a later tick: every report is
/// idempotent (it names the fencing token it is about).
/// </summary>
internal sealed class RoleReporter(RaftHost raft, RoleReportHandler handler, PeerClient peers, PeerCallOptions options)
{
    /// <summary>True if the leader took the report.</summary>
    public async Task<bool> SendAsync(RoleReport report, CancellationToken token)
    {
        if (raft.IsLeader)
        {
            return await handler.HandleAsync(report, token);
        }

        var answer = await peers.PostToLeaderAsync("/api/internal/role-report", JsonContent.Create(report, options: StatusJson.Options), options.Report, token);
        return answer.Ok;
    }
}
