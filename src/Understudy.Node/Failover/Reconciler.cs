using System.Collections.Frozen;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Failover;
using Understudy.Node.Database;
using Understudy.Node.Hosting;
using Understudy.Node.Resources;

namespace Understudy.Node.Failover;

/// <summary>
/// Every node's loop: applies Core's <see cref="LocalPlan"/> — what this node's (barrier-fresh)
/// database says it should run, against what runs here — by starting and stopping role runs
/// through the drivers. Reports online, failure, interruption and release to the leader until the
/// database shows them.
/// </summary>
internal sealed partial class Reconciler(
    NodeIdentity self,
    RaftHost raft,
    LeaseKeeper lease,
    RoleReporter reporter,
    NodeDataDirectory data,
    Clones.CloneLease cloneLease,
    IEnumerable<IResourceDriver> drivers,
    Monotonic clock,
    NodeChanges changes,
    FailoverOptions options,
    ILogger<Reconciler> logger) : BackgroundService
{
    /// <summary>
    /// The longest the loop sleeps when nothing is in transition (1 s): a safety net under the
    /// signals it wakes on — a commit, the lease gained, a run online, failed or stopped.
    /// </summary>
    public static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(1);

    private readonly LocalNode _node = new(self.Name, self.Incarnation, self.Node.Address.ToString());
    private readonly FrozenDictionary<ResourceKind, IResourceDriver> _drivers = drivers.ToFrozenDictionary(d => d.Kind);
    private readonly Dictionary<string, RoleRun> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoleRun> _stopping = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _releaseNotes = new(StringComparer.Ordinal); // what a finished stop did, for the release report
    private readonly HashSet<RoleReport> _inFlight = [];

    // Runs stopped because the lease lapsed, by role: when the same run (same key) starts again
    // in place, the leader is told, so the kill and restart leave an event (issue 13).
    private readonly Dictionary<string, (RoleKey Key, TimeSpan StoppedAt)> _leaseStopped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoleReport> _interruptions = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = changes.Version;
        while (!stoppingToken.IsCancellationRequested)
        {
            var pass = clock.Time.GetTimestamp();
            var settled = Reconcile(stoppingToken);
            seen = await changes.NextPassAsync(seen, pass, settled ? QuietSleep() : options.Reconcile, stoppingToken);
        }

        await Task.WhenAll(_runs.Values.Select(r => r.StopAsync()).Concat(_stopping.Values.Select(r => r.StopAsync())));
    }

    // Nothing in transition: the loop wakes on a signal, or when the lease would lapse (its
    // runs must stop then), or after LongestSleep.
    private TimeSpan QuietSleep()
    {
        var remaining = lease.Remaining;
        return remaining > TimeSpan.Zero && remaining < LongestSleep ? remaining + TimeSpan.FromMilliseconds(1) : LongestSleep;
    }

    // One pass; true when nothing is in transition — nothing started, stopped or released,
    // every run online and shown so, no report in flight — so that only a signal or the lease's
    // end can change the next pass. Otherwise the loop polls at options.Reconcile, as it always did.
    private bool Reconcile(CancellationToken token)
    {
        ForgetStopped();
        var plan = LocalPlan.For(
            raft.State,
            _node,
            lease.IsValid,
            _runs.ToDictionary(r => r.Key, r => new LocalRun(r.Value.Key, r.Value.Stopped), StringComparer.Ordinal),
            _stopping.Keys.ToHashSet(StringComparer.Ordinal));
        foreach (var stop in plan.Stop)
        {
            var name = stop.Run.Role;
            var run = _runs[name];
            LogStopping(name, run.Key.Token, Describe(stop.Reason));
            if (stop.Reason == RunStopReason.LeaseNotHeld)
            {
                _leaseStopped[name] = (run.Key, clock.Now);
            }

            _ = run.StopAsync();
            _runs.Remove(name);
            _stopping[name] = run;
        }

        ForgetStopped(); // a run that had stopped already (it failed) leaves at once, so its successor can start

        foreach (var role in plan.Start)
        {
            var name = role.Key.Role;
            LogStarting(name, role.Key.Token);
            if (_leaseStopped.Remove(name, out var stopped) && stopped.Key == role.Key && !role.IsClone)
            {
                var lapse = (clock.Now - stopped.StoppedAt).TotalSeconds;
                lock (_interruptions)
                {
                    _interruptions[name] = new RoleReport(name, self.Name, role.Key.Token, RoleReportKind.Interrupted, null,
                        $"lease lapsed; workload stopped, started again in place {lapse:0.0} s later");
                }
            }

            var context = new RoleContext(name, role.Key.Token, self.Name, data.RoleDirectory(name), role.IsClone ? cloneLease.FilePath : lease.FilePath);
            _runs[name] = new RoleRun(role.Key, role.Definition, context, _drivers, changes);
        }

        foreach (var (name, run) in _runs)
        {
            var role = plan.Desired[name];
            if (run.Failed is { } failure && run.Stopped)
            {
                Report(new RoleReport(name, self.Name, run.Key.Token, RoleReportKind.Failed, failure.Resource, failure.Reason), token);
            }
            else if (run.Online && role.Pending)
            {
                Report(new RoleReport(name, self.Name, run.Key.Token, RoleReportKind.Online, null, null), token);
            }
        }

        List<RoleReport> interruptions;
        lock (_interruptions)
        {
            interruptions = [.. _interruptions.Values];
        }

        foreach (var interruption in interruptions)
        {
            Report(interruption, token);
        }

        foreach (var role in plan.Release)
        {
            Report(new RoleReport(role.Name, self.Name, role.FencingToken, RoleReportKind.Released, null, _releaseNotes.GetValueOrDefault(role.Name)), token);
        }

        foreach (var name in _releaseNotes.Keys.Where(n => !_stopping.ContainsKey(n) && plan.Release.All(r => r.Name != n)).ToList())
        {
            _releaseNotes.Remove(name);
        }

        lock (_inFlight)
        {
            if (_inFlight.Count > 0)
            {
                return false;
            }
        }

        return plan.Stop.IsEmpty && plan.Start.IsEmpty && plan.Release.IsEmpty && interruptions.Count == 0 && _stopping.Count == 0
            && _runs.All(r => r.Value.Online && !plan.Desired[r.Key].Pending);
    }

    // Runs whose stop has finished leave, noting what the stop did for the release report.
    private void ForgetStopped()
    {
        foreach (var (name, run) in _stopping.ToList())
        {
            if (run.Stopped)
            {
                _stopping.Remove(name);
                if (run.StopNote is { } note)
                {
                    _releaseNotes[name] = note;
                }
            }
        }
    }

    private static string Describe(RunStopReason reason) => reason switch
    {
        RunStopReason.NotThisNodes => "no longer this node's to run",
        RunStopReason.LeaseNotHeld => "lease not held, or this restart of the node not yet recorded",
        _ => "a new run takes its place (new token, revision or restart)",
    };

    // One delivery at a time per report; a report the leader has not acted on is sent again next tick.
    private void Report(RoleReport report, CancellationToken token)
    {
        lock (_inFlight)
        {
            if (!_inFlight.Add(report))
            {
                return;
            }
        }

        _ = SendAsync(report, token);
    }

    private async Task SendAsync(RoleReport report, CancellationToken token)
    {
        try
        {
            var sent = await reporter.SendAsync(report, token);
            if (sent && report.Kind == RoleReportKind.Failed)
            {
                LogReported(report.Role, report.Resource ?? "", report.Reason ?? "");
            }

            if (sent && report.Kind == RoleReportKind.Interrupted)
            {
                lock (_interruptions)
                {
                    _interruptions.Remove(report.Role);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), clock.Time, token);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (_inFlight)
            {
                _inFlight.Remove(report);
            }
        }
    }

    [LoggerMessage(EventId = 1701, Level = LogLevel.Information, Message = "Starting role {Role} (token {Token})")]
    private partial void LogStarting(string role, long token);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Information, Message = "Stopping role {Role} (token {Token}): {Reason}")]
    private partial void LogStopping(string role, long token, string reason);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "Role {Role}: resource {Resource} failed: {Reason}")]
    private partial void LogReported(string role, string resource, string reason);
}
