using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Understudy.Core.Config;
using Understudy.Node.Api;
using Understudy.Node.Database;

namespace Understudy.Node.Dashboard;

/// <summary>
/// <c>POST /api/dashboard/leader/{path}</c> (behind the token): the page's failover actions, passed
/// to the same call on the leader (<c>POST /api/{path}</c>), which is the only node that commits
/// them (docs/api.md). The page talks to one node only, so it works through a single tunnel or
/// proxy, and needs no cross-origin access. Only the operator actions the page offers are passed.
/// </summary>
internal static partial class LeaderForward
{
    /// <summary>How long the leader has to answer a passed action.</summary>
    private static readonly TimeSpan LeaderTimeout = TimeSpan.FromSeconds(30);

    public static async Task<IResult> ForwardAsync(string path, HttpRequest request, ClusterConfig config, RaftHost raft, ApiRelay relay, CancellationToken token)
    {
        if (!Allowed().IsMatch(path))
        {
            return Results.Json(new ApiError($"'{path}' is not an action the dashboard passes to the leader", "path"), statusCode: StatusCodes.Status404NotFound);
        }

        if ((raft.LeaderName is { } name ? config.FindNode(name) : null) is not { } leader)
        {
            return Results.Json(new ApiError("no leader now; try again in a moment", "leader"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        using var forwarded = new HttpRequestMessage(HttpMethod.Post, $"{leader.ApiUrl}/api/{path}{request.QueryString}");
        // The caller's own token (already checked by the group's filter), not this node's.
        forwarded.Headers.TryAddWithoutValidation("Authorization", request.Headers.Authorization.ToString());
        return await relay.SendAsync(forwarded, LeaderTimeout, $"the leader {leader.Name} at {leader.ApiUrl} did not answer", "leader", token);
    }

    /// <summary>Move, start, stop a role; pause, resume a node; maintenance.</summary>
    [GeneratedRegex("^(roles/[A-Za-z0-9][A-Za-z0-9._-]*/(move|start|stop)|nodes/[A-Za-z0-9][A-Za-z0-9._-]*/(pause|resume)|maintenance)$", RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();
}
