using System.Net.Http.Json;
using Understudy.Core.Config;
using Understudy.Core.Failover;
using Understudy.Node.Api;
using Understudy.Node.Database;

namespace Understudy.Node.Failover;

/// <summary>
/// Delivers an owner's reports (online, failed, released) to the leader: in process when this
/// node leads, else by <c>POST /api/internal/role-report</c> to the leader's API with the cluster's
/// API token. A report that cannot be delivered is simply sent again by the reconciler on a
/// later tick: every report is idempotent (it names the fencing token it is about).
/// </summary>
internal sealed class RoleReporter(ClusterConfig config, RaftHost raft, RoleReportHandler handler, ApiCredential credential) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>True if the leader took the report.</summary>
    public async Task<bool> SendAsync(RoleReport report, CancellationToken token)
    {
        if (raft.IsLeader)
        {
            return await handler.HandleAsync(report, token);
        }

        if (raft.LeaderName is not { } leader || config.FindNode(leader) is not { } node)
        {
            return false;
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{node.ApiUrl}/api/internal/role-report")
            {
                Content = JsonContent.Create(report, options: Api.StatusJson.Options),
            };
            credential.Authorize(request);
            using var response = await _http.SendAsync(request, token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();
}
