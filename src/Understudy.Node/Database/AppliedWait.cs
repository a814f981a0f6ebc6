namespace Understudy.Node.Database;

/// <summary>
/// Waits until this node's database has applied everything committed so far, so that the next
/// decision sees the commands just replicated and does not make them twice. Gives up after a
/// second (an empty entry at the end of the log is committed but never applied as a command).
/// </summary>
internal sealed class AppliedWait(RaftHost raft, TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);

    public async Task UntilCommittedIsAppliedAsync(CancellationToken token)
    {
        var target = raft.CommitIndex;
        var started = time.GetTimestamp();
        while (raft.State.Version < target && time.GetElapsedTime(started) < Limit)
        {
            await Task.Delay(Poll, time, token);
        }
    }
}
