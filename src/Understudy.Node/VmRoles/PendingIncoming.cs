using Understudy.Node.Hosting;
using Understudy.Node.Vms;
using Understudy.Node.Vms.Qemu;

namespace Understudy.Node.VmRoles;

/// <summary>
/// An incoming QEMU on the target host of a live migration, bound to one ownership of one role,
/// watched by VM monitoring from the start so that the heartbeat gap across the move is measured
/// where the beats arrive.
/// </summary>
internal sealed class PendingIncoming
{
    /// <summary>Beats after the first one whose gaps count towards <see cref="MigrationRecord.LongestGapMs"/>.</summary>
    public const int WatchedBeats = 40;

    private readonly Lock _gate = new();
    private readonly Monotonic _clock;
    private TimeSpan? _firstBeat;
    private TimeSpan? _lastBeat;
    private int _beats;
    private TimeSpan _longest;
    private MigratedNotice? _notice;
    private TimeSpan? _sourceLastBeat;

    public PendingIncoming(string role, long token, string source, QemuVm vm, VmMonitor monitor, Monotonic clock)
    {
        Role = role;
        Token = token;
        Source = source;
        Vm = vm;
        Monitor = monitor;
        _clock = clock;
        Since = clock.Now;
        monitor.HeartbeatAccepted += (_, at) => OnBeat(at);
    }

    public string Role { get; }

    public long Token { get; }

    public string Source { get; }

    public QemuVm Vm { get; }

    public VmMonitor Monitor { get; }

    /// <summary>When the incoming QEMU was started (this node's monotonic clock).</summary>
    public TimeSpan Since { get; }

    /// <summary>Notes the source's report: QEMU's figures and how long ago the source last heard the guest.</summary>
    public void Completed(MigratedNotice notice)
    {
        lock (_gate)
        {
            _notice = notice;
            _sourceLastBeat = notice.SourceSilentMs is { } silent ? _clock.Now - TimeSpan.FromMilliseconds(silent) : null;
        }
    }

    /// <summary>The record so far, or null before the source reported.</summary>
    public MigrationRecord? Record()
    {
        lock (_gate)
        {
            if (_notice is not { } notice)
            {
                return null;
            }

            double? handover = _firstBeat is { } first && _sourceLastBeat is { } last ? Math.Max(0, (first - last).TotalMilliseconds) : null;
            return new MigrationRecord
            {
                From = notice.Source,
                Token = notice.Token,
                DowntimeMs = notice.DowntimeMs,
                TotalMs = notice.TotalMs,
                HandoverGapMs = handover,
                LongestGapMs = handover is { } h ? Math.Max(h, _longest.TotalMilliseconds) : null,
            };
        }
    }

    private void OnBeat(TimeSpan at)
    {
        lock (_gate)
        {
            if (_lastBeat is { } previous && _beats <= WatchedBeats && at - previous > _longest)
            {
                _longest = at - previous;
            }

            _firstBeat ??= at;
            _lastBeat = at;
            _beats++;
        }
    }
}
