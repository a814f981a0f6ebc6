using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Membership;
using Understudy.Node.Database;
using Understudy.Node.Hosting;
using Understudy.Node.Nlb;

namespace Understudy.Node.Membership;

/// <summary>
/// Announces this node's software version and database protocol (<see cref="NodeSoftwareAnnounced"/>)
/// until the committed database holds exactly them, so <c>understudy status</c> shows every node's
/// version and a rolling upgrade shows which nodes run what (docs/operations.md "Upgrades").
/// </summary>
internal sealed partial class SoftwareAnnouncer(
    NodeIdentity self,
    RaftHost raft,
    CommandSubmitter submitter,
    TimeProvider time,
    ILogger<SoftwareAnnouncer> logger) : BackgroundService
{
    /// <summary>How often to try while the database does not hold the announcement: as the NLB announcer.</summary>
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mine = new NodeSoftware(NodeSoftwareVersion.Current, DatabaseProtocol.Current);
        using var timer = new PeriodicTimer(RetryEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (raft.State.Software.GetValueOrDefault(self.Name) == mine)
                {
                    LogAnnounced(mine.Version, mine.Protocol);
                    return;
                }

                if (raft.LeaderName is not null)
                {
                    _ = await submitter.SubmitAsync(new NodeSoftwareAnnounced(time.GetUtcNow(), self.Name, mine.Version, mine.Protocol), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "Announced software {Version}, database protocol {Protocol}")]
    private partial void LogAnnounced(string version, int protocol);
}
