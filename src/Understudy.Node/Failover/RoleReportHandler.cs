using Microsoft.Extensions.Logging;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Node.Database;

namespace Understudy.Node.Failover;

/// <summary>The leader's side of a report: asks Core what to commit and replicates it.</summary>
internal sealed partial class RoleReportHandler(RaftHost raft, FailoverViewSource view, TimeProvider time, AppliedWait applied, ILogger<RoleReportHandler> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>True if the report was decided on (committed, or found stale); false if this node
    /// could not commit (not the leader, lost quorum).</summary>
    public async Task<bool> HandleAsync(RoleReport report, CancellationToken token)
    {
        if (!raft.IsLeader)
        {
            return false;
        }

        await _gate.WaitAsync(token);
        try
        {
            var commands = FailoverDecisions.OnReport(raft.State, view.Current(), report, time.GetUtcNow());
            foreach (var command in commands)
            {
                await raft.ReplicateAsync(command, token);
                LogCommitted(command);
            }

            if (!commands.IsEmpty)
            {
                await applied.UntilCommittedIsAppliedAsync(token);
                await raft.PushCommitIndexAsync(token);
            }

            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(report.Role, e.Message);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Committed {Command}")]
    private partial void LogCommitted(ClusterCommand command);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Could not act on a report about role {Role}: {Reason}")]
    private partial void LogFailed(string role, string reason);
}
