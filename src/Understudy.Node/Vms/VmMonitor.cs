using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Understudy.Core.Detection;
using Understudy.Core.Heartbeats;
using Understudy.Core.Vms;
using Understudy.Node.Hosting;

namespace Understudy.Node.Vms;

/// <summary>
/// VM monitoring on the host for one VM: authenticates what its guest agent sends (heartbeats
/// and service reports, under the VM's own key), feeds a Core failure detector, and turns it into
/// a <see cref="VmVerdict"/> with Core's <see cref="VmHealthRule"/>. A VM that moves (restart on
/// another host, live migration) is <see cref="Attach"/>ed again; the replay window carries on,
/// so beats replayed from the old instance are refused.
/// </summary>
public sealed partial class VmMonitor : IAsyncDisposable
{
    private readonly VmSettings _settings;
    private readonly byte[] _key;
    private readonly Monotonic _clock;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly ReplayWindow _heartbeats = new();
    private readonly ReplayWindow _reports = new();
    private readonly IFailureDetector _detector;
    private readonly ConcurrentDictionary<HeartbeatRejection, long> _counts = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private TimeSpan _attachedAt;
    private ServiceReport? _latest;
    private Heartbeat? _last;
    private VmVerdict _lastVerdict = VmVerdict.Booting;

    /// <summary>Watches VM <paramref name="settings"/>; <paramref name="vmKey"/> is its guest-agent
    /// key (<see cref="Core.Security.ClusterKeys.ForVm"/>).</summary>
    public VmMonitor(VmSettings settings, ReadOnlyMemory<byte> vmKey, Monotonic clock, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _key = vmKey.ToArray();
        _clock = clock;
        _logger = logger ?? NullLogger.Instance;
        _detector = FailureDetectors.Create(VmHealthRule.DetectorOptions(settings));
        _attachedAt = clock.Now;
    }

    /// <summary>Raised for every accepted heartbeat, with its arrival on the monitor's timeline.</summary>
    public event Action<Heartbeat, TimeSpan>? HeartbeatAccepted;

    /// <summary>Raised when the verdict changes (checked on every datagram and every <see cref="Verdict"/> call).</summary>
    public event Action<VmVerdict>? VerdictChanged;

    /// <summary>The last accepted heartbeat, or null.</summary>
    public Heartbeat? LastHeartbeat
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>The latest accepted service report, or null.</summary>
    public ServiceReport? LatestReport
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>How many datagrams were accepted (None) or dropped, by reason.</summary>
    public IReadOnlyDictionary<HeartbeatRejection, long> Counts => _counts;

    /// <summary>Starts reading <paramref name="vm"/>'s heartbeat channel. The boot timeout counts
    /// from the latest attach.</summary>
    public void Attach(IVirtualMachine vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        lock (_gate)
        {
            _attachedAt = _clock.Now;
            _pumps.Add(Task.Run(() => PumpAsync(vm, _stop.Token)));
        }
    }

    /// <summary>Starts the boot clock again without a new channel (a VM migrating in keeps its channel).</summary>
    public void RestartBootClock()
    {
        lock (_gate)
        {
            _attachedAt = _clock.Now;
        }
    }

    /// <summary>The verdict now.</summary>
    public VmVerdict Verdict()
    {
        VmVerdict verdict;
        lock (_gate)
        {
            var now = _clock.Now;
            verdict = VmHealthRule.Evaluate(_settings, _detector.Evaluate(now), now - _attachedAt, _latest);
        }

        Publish(verdict);
        return verdict;
    }

    /// <summary>Time since the last accepted heartbeat, or null if none.</summary>
    public TimeSpan? SinceLastHeartbeat()
    {
        lock (_gate)
        {
            return _detector.LastArrival is { } last ? _clock.Now - last : null;
        }
    }

    /// <summary>Decodes and records one datagram from the guest; returns why it was dropped, or None.</summary>
    public HeartbeatRejection Receive(ReadOnlySpan<byte> datagram)
    {
        var verdict = Classify(datagram);
        _counts.AddOrUpdate(verdict, 1, (_, n) => n + 1);
        return verdict;
    }

    /// <summary>Stops reading every attached channel.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] pumps;
        lock (_gate)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps);
        _stop.Dispose();
    }

    private HeartbeatRejection Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length >= 4 && datagram[..4].SequenceEqual(ServiceReportCodec.Magic))
        {
            var result = ServiceReportCodec.TryDecode(datagram, _key, out var report);
            return result == HeartbeatRejection.None ? AcceptReport(report!) : result;
        }

        var decoded = HeartbeatCodec.TryDecode(datagram, _key, out var beat);
        return decoded == HeartbeatRejection.None ? AcceptHeartbeat(beat!) : decoded;
    }

    private HeartbeatRejection AcceptHeartbeat(Heartbeat beat)
    {
        if (beat.Kind != HeartbeatKind.GuestAgent || beat.Sender != _settings.Name)
        {
            return HeartbeatRejection.UnknownSender;
        }

        TimeSpan now;
        lock (_gate)
        {
            var replay = _heartbeats.Accept(beat.Incarnation, beat.Sequence);
            if (replay != HeartbeatRejection.None)
            {
                return replay;
            }

            now = _clock.Now;
            if (_last is { } previous && previous.Incarnation != beat.Incarnation)
            {
                // A fresh boot: the old instance's rhythm and service states say nothing about it.
                _detector.Reset();
                _latest = null;
                LogNewIncarnation(_settings.Name, beat.Incarnation);
            }

            _last = beat;
            _detector.RecordHeartbeat(now);
        }

        HeartbeatAccepted?.Invoke(beat, now);
        Verdict();
        return HeartbeatRejection.None;
    }

    private HeartbeatRejection AcceptReport(ServiceReport report)
    {
        if (report.Vm != _settings.Name)
        {
            return HeartbeatRejection.UnknownSender;
        }

        lock (_gate)
        {
            if (report.Incarnation < _heartbeats.Incarnation)
            {
                return HeartbeatRejection.StaleIncarnation;
            }

            var replay = _reports.Accept(report.Incarnation, report.Sequence);
            if (replay != HeartbeatRejection.None)
            {
                return replay;
            }

            _latest = report;
        }

        Verdict();
        return HeartbeatRejection.None;
    }

    private void Publish(VmVerdict verdict)
    {
        bool changed;
        lock (_gate)
        {
            changed = !verdict.Equals(_lastVerdict);
            _lastVerdict = verdict;
        }

        if (changed)
        {
            LogVerdict(_settings.Name, verdict.Describe());
            VerdictChanged?.Invoke(verdict);
        }
    }

    private async Task PumpAsync(IVirtualMachine vm, CancellationToken token)
    {
        try
        {
            await foreach (var datagram in vm.Datagrams.ReadAllAsync(token))
            {
                Receive(datagram);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "VM {Vm}: {Verdict}")]
    private partial void LogVerdict(string vm, string verdict);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "VM {Vm}: new guest incarnation {Incarnation}")]
    private partial void LogNewIncarnation(string vm, long incarnation);
}
