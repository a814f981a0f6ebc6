using Microsoft.Extensions.Hosting;
using Understudy.Node.Failover;
using Understudy.Node.Hosting;

namespace Understudy.Node.Clones;

/// <summary>
/// The lease file that clone instances' guards watch. Unlike the node's cluster lease it asks
/// nobody: the node renews it as long as it runs, so an instance outlives a lost leader or a
/// partition (docs/failover.md, "Clone roles") but not its node — a node killed with kill -9 or
/// frozen leaves no instance running beyond <see cref="Duration"/>.
/// <para>
/// Each incarnation of the node has its own file and removes the files of the incarnations before
/// it when it starts (<see cref="LeaseFile"/>): a node killed with kill -9 and started again
/// within <see cref="Duration"/> would otherwise renew the file its predecessor's guards still
/// watch, and keep their workloads running for ever beside its own (found on the host lab: the
/// orphaned instance held the port, the new one failed to bind until its restarts ran out).
/// </para>
/// </summary>
internal sealed class CloneLease(NodeDataDirectory data, Monotonic clock) : BackgroundService
{
    /// <summary>How long an instance survives its node: long enough for scheduler stalls of a busy
    /// machine (10 renewals), short enough that a dead node's instance is gone before the node
    /// could be restarted and need the port again.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Renewal = TimeSpan.FromMilliseconds(200);
    private readonly Lock _gate = new();
    private bool _written;

    /// <summary>The file's path; written (valid) before the first caller gets it.</summary>
    public string FilePath
    {
        get
        {
            lock (_gate)
            {
                StartOnce();
            }

            return data.CloneLeaseFile;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            StartOnce();
        }

        using var timer = new PeriodicTimer(Renewal, clock.Time);
        while (await Ticks.NextAsync(timer, stoppingToken))
        {
            lock (_gate)
            {
                Renew();
            }
        }
    }

    private void StartOnce()
    {
        if (_written)
        {
            return;
        }

        LeaseFile.RemoveEarlier("clone-lease", data.CloneLeaseFile);
        Renew();
        _written = true;
    }

    private void Renew() =>
        LeaseFile.Write(data.CloneLeaseFile, clock.Time.GetTimestamp() + (long)(Duration.TotalSeconds * clock.Time.TimestampFrequency));
}
