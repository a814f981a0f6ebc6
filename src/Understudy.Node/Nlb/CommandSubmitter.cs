using System.Net.Http.Headers;
using Understudy.Core.Config;
using Understudy.Core.Database;
using Understudy.Node.Api;
using Understudy.Node.Database;

namespace Understudy.Node.Nlb;

/// <summary>
/// Commits a command from any node: the leader replicates it; a follower hands it to the leader's
/// <c>POST /api/nlb/commit</c> with the API token. Returns null on success, else why it failed.
/// </summary>
internal sealed class CommandSubmitter(ClusterConfig config, RaftHost raft, ApiCredential credential) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<string?> SubmitAsync(ClusterCommand command, CancellationToken cancel)
    {
        try
        {
            if (raft.IsLeader)
            {
                await raft.ReplicateAsync(command, cancel);
                await raft.PushCommitIndexAsync(cancel);
                return null;
            }

            if (raft.LeaderName is not { } leader || config.FindNode(leader) is not { } node)
            {
                return "the cluster has no leader right now; try again";
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, $"{node.ApiUrl}/api/nlb/commit")
            {
                Content = new ByteArrayContent(CommandCodec.Encode(command)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            credential.Authorize(request);
            using var response = await _http.SendAsync(request, cancel);
            return response.IsSuccessStatusCode ? null : $"the leader refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}";
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            return $"could not commit: {e.Message}";
        }
    }

    public void Dispose() => _http.Dispose();
}
