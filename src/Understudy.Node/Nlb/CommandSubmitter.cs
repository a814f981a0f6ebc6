using System.Net.Http.Headers;
using Understudy.Core.Database;
using Understudy.Node.Api;
using Understudy.Node.Database;

namespace Understudy.Node.Nlb;

/// <summary>
/// Commits a command from any node: the leader replicates it; a follower hands it to the leader's
/// <c>POST /api/nlb/commit</c>. Returns null on success, else why it failed.
/// </summary>
internal sealed class CommandSubmitter(RaftHost raft, PeerClient peers, PeerCallOptions options)
{
    public async Task<string?> SubmitAsync(ClusterCommand command, CancellationToken cancel)
    {
        if (!raft.IsLeader)
        {
            var content = new ByteArrayContent(CommandCodec.Encode(command)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            var answer = await peers.PostToLeaderAsync("/api/nlb/commit", content, options.Commit, cancel);
            return answer switch
            {
                { Ok: true } => null,
                _ when ReferenceEquals(answer, PeerAnswer.NoLeader) => answer.Why,
                { Status: null } => $"could not reach the leader: {answer.Why}",
                _ => $"the leader refused: {answer.Why}",
            };
        }

        try
        {
            await raft.ReplicateAsync(command, cancel);
            await raft.PushCommitIndexAsync(cancel);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            return $"could not commit: {e.Message}";
        }
    }
}
