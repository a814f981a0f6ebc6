using System.Net.Http.Headers;
using Understudy.Core.Database;
using Understudy.Node.Api;
using Understudy.Node.Database;

namespace Understudy.Node.Nlb;

/// <summary>
/// Commits a command from any node: the leader replicates it; a follower hands it to the leader's
/// <c>POST /api/nlb/commit</c> (<see cref="LeaderClient"/>). Returns null on success, else why it failed.
/// </summary>
internal sealed class CommandSubmitter(RaftHost raft, LeaderClient leader)
{
    public async Task<string?> SubmitAsync(ClusterCommand command, CancellationToken cancel)
    {
        if (!raft.IsLeader)
        {
            var content = new ByteArrayContent(CommandCodec.Encode(command)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            return (await leader.PostAsync("/api/nlb/commit", content, LeaderClient.CommandTimeout, cancel)).Error;
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
