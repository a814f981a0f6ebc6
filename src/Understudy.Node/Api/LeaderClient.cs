using Understudy.Core.Config;
using Understudy.Node.Database;

namespace Understudy.Node.Api;

/// <summary>
/// The one way a follower calls the leader's API (role reports, lease grants, NLB commands):
/// finds the leader's URL from Raft, sends the cluster's API token, bounds the call by the
/// caller's timeout, and answers with a value — it never throws, not even when the caller's
/// token fires (the caller knows its own token). It does not retry: every caller already repeats on its next tick (a report, a
/// renewal, an announcement), and every such call is idempotent.
/// </summary>
internal sealed class LeaderClient(ClusterConfig config, RaftHost raft, ApiCredential credential) : IDisposable
{
    /// <summary>A role report: the reconciler sends it again on its next tick.</summary>
    public static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(2);

    /// <summary>A command submitted from a follower: a leader that has quorum commits in
    /// milliseconds; five seconds covers an election on the way.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    // Each call carries its own limit (a lease renewal's is the lease itself).
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>POSTs <paramref name="content"/> to <paramref name="path"/> (from <c>/api/…</c>) on
    /// the leader, within <paramref name="timeout"/>.</summary>
    public async Task<LeaderAnswer> PostAsync(string path, HttpContent? content, TimeSpan timeout, CancellationToken token)
    {
        if (raft.LeaderName is not { } leader || config.FindNode(leader) is not { } node)
        {
            return LeaderAnswer.NoLeader;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{node.ApiUrl}{path}") { Content = content };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", credential.Token);
            using var response = await _http.SendAsync(request, limit.Token);
            return new LeaderAnswer((int)response.StatusCode, response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync(limit.Token));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return new LeaderAnswer(null, token.IsCancellationRequested ? "cancelled"
                : limit.IsCancellationRequested ? $"the leader {leader} did not answer within {timeout.TotalSeconds:0.###} s"
                : e.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}
