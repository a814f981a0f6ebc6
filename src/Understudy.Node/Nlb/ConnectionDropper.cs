using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Nlb;
using Understudy.Node.Hosting;

namespace Understudy.Node.Nlb;

/// <summary>
/// Windows NLB's <c>stop</c> drops a host's open connections; drainstop lets them finish first
/// and drops what is left at its timeout, when the member is committed Stopped. Every node cuts
/// the connections it forwards to members whose committed state drops them
/// (<see cref="NlbMemberStates.DropsConnections"/>): at once on the commit, then every tick
/// while any member is in such a state, so a connection routed just before the change is cut too.
/// With none, it sleeps until the next commit.
/// </summary>
internal sealed partial class ConnectionDropper(NlbViewSource views, NlbConnections connections, NodeChanges changes, ILogger<ConnectionDropper> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = changes.Version;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (views.Current is not { } view)
            {
                return;
            }

            var dropping = false;
            foreach (var member in view.Members.Where(m => NlbMemberStates.DropsConnections(m.Status.State)))
            {
                dropping = true;
                if (connections.OpenTo(member.Node) is var open and > 0)
                {
                    LogDropping(member.Node, member.Status.State.ToString(), open);
                    connections.Drop(member.Node);
                }
            }

            seen = await changes.WaitAsync(seen, dropping ? Tick : Database.LeaderLoop.IdleWait, stoppingToken);
        }
    }

    [LoggerMessage(EventId = 1431, Level = LogLevel.Information, Message = "NLB: dropping {Count} open connections to {Member} ({State})")]
    private partial void LogDropping(string member, string state, long count);
}
