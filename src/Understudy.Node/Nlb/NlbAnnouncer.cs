using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Nlb;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Nlb;

/// <summary>
/// Announces this node's NLB settings (rules fingerprint and host priority) until the committed
/// database holds a verdict on exactly those settings, and logs the verdict.
/// </summary>
internal sealed partial class NlbAnnouncer(
    ClusterConfig config,
    NodeIdentity self,
    RaftHost raft,
    CommandSubmitter submitter,
    TimeProvider time,
    ILogger<NlbAnnouncer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (config.Nlb is not { } nlb || nlb.FindMember(self.Name) is not { } member)
        {
            return;
        }

        var fingerprint = nlb.RulesFingerprint();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (raft.State.Nlb.VerdictOn(self.Name, fingerprint, member.HostPriority) is { } verdict)
                {
                    if (verdict.Admitted)
                    {
                        LogAdmitted(member.HostPriority);
                    }
                    else
                    {
                        LogRefused(verdict.Reason ?? "refused");
                    }

                    return;
                }

                if (raft.LeaderName is not null)
                {
                    await submitter.SubmitAsync(new NlbAnnounce(time.GetUtcNow(), self.Name, fingerprint, member.HostPriority), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "NLB: admitted with host priority {Priority}")]
    private partial void LogAdmitted(int priority);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "NLB: admission refused: {Reason}")]
    private partial void LogRefused(string reason);
}
