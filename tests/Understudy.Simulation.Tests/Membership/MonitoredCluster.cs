using Microsoft.Extensions.Time.Testing;
using Understudy.Core.Detection;
using Understudy.Core.Membership;
using Understudy.Simulation.Tests.Network;

namespace Understudy.Simulation.Tests.Membership;

/// <summary>
/// <c>N</c> nodes that heartbeat along a <see cref="MonitoringTopology"/> on a seeded
/// <see cref="SimulatedNetwork"/> under one fake clock: each node sends a beat every interval to
/// its observers only, each observer runs the real Core detector on each of its subjects (with
/// <see cref="PeerLivenessRule"/>), and every <see cref="Evaluate"/> step the Down rule
/// (<see cref="ObserverQuorum"/>) is applied to the observers' verdicts. An observer's verdict
/// reaches the counting node at once here; in a real cluster it is one more datagram (about a
/// millisecond on a LAN). The topology stays fixed through the run (each test crashes at most a
/// few nodes, none of whose observers).
/// </summary>
internal sealed class MonitoredCluster
{
    /// <summary>How often verdicts are counted: 50 ms, the membership loop's order of period.</summary>
    public static readonly TimeSpan Evaluate = TimeSpan.FromMilliseconds(50);

    private static readonly byte[] Beat = [1];
    private readonly HeartbeatOptions _options;
    private readonly Dictionary<(string Observer, string Subject), IFailureDetector> _detectors = [];
    private readonly Dictionary<string, TimeSpan> _nextSend = [];
    private readonly HashSet<string> _crashed = [];
    private readonly HashSet<string> _down = [];
    private TimeSpan _nextEvaluate;

    public MonitoredCluster(int count, HeartbeatOptions options, int seed, int observers = MonitoringTopology.DefaultObservers)
    {
        _options = options;
        Members = [.. Enumerable.Range(1, count).Select(i => $"n{i}")];
        Topology = MonitoringTopology.Create(Members, observers);
        Time = new FakeTimeProvider();
        Network = new SimulatedNetwork(Time, seed);
        var stagger = new Random(seed);
        foreach (var member in Members)
        {
            _nextSend[member] = options.Interval * stagger.NextDouble();
            foreach (var subject in Topology.SubjectsOf(member))
            {
                _detectors[(member, subject)] = FailureDetectors.Create(options);
            }
        }

        Network.Sent += d => SentBy[d.From] = SentBy.GetValueOrDefault(d.From) + 1;
    }

    public string[] Members { get; }

    public MonitoringTopology Topology { get; }

    public FakeTimeProvider Time { get; }

    public SimulatedNetwork Network { get; }

    public TimeSpan Now => Network.Now;

    /// <summary>Datagrams each node handed to the network.</summary>
    public Dictionary<string, long> SentBy { get; } = [];

    /// <summary>Every Down verdict: the subject and when the rule first said so.</summary>
    public List<(string Subject, TimeSpan At)> Downs { get; } = [];

    /// <summary>Single observers' Dead verdicts on live subjects (what the quorum rides out),
    /// counted at each evaluation.</summary>
    public long LoneDeadVerdicts { get; private set; }

    /// <summary>Stops <paramref name="node"/> for good: it sends nothing and reports nothing.</summary>
    public void Crash(string node) => _crashed.Add(node);

    public void Run(TimeSpan duration)
    {
        var end = Now + duration;
        while (Now < end)
        {
            var stepEnd = Now + SimulatedCluster.Step;
            while (Network.NextDelivery is { } due && due <= stepEnd)
            {
                Advance(due);
                while (Network.TryReceive(out var datagram))
                {
                    if (!_crashed.Contains(datagram.To) && _detectors.TryGetValue((datagram.To, datagram.From), out var detector))
                    {
                        detector.RecordHeartbeat(Now);
                    }
                }
            }

            Advance(stepEnd);
            foreach (var member in Members)
            {
                while (Now >= _nextSend[member])
                {
                    _nextSend[member] += _options.Interval;
                    if (!_crashed.Contains(member))
                    {
                        foreach (var observer in Topology.ObserversOf(member))
                        {
                            Network.Send(member, observer, Beat);
                        }
                    }
                }
            }

            if (Now >= _nextEvaluate)
            {
                _nextEvaluate = Now + Evaluate;
                Count();
            }
        }
    }

    private void Count()
    {
        foreach (var subject in Members)
        {
            var observers = Topology.ObserversOf(subject);
            var dead = 0;
            foreach (var observer in observers)
            {
                if (_crashed.Contains(observer))
                {
                    continue;
                }

                var verdict = PeerLivenessRule.Effective(_detectors[(observer, subject)].Evaluate(Now), Now, _options.ThresholdWindow);
                if (verdict == Liveness.Dead)
                {
                    dead++;
                    if (!_crashed.Contains(subject))
                    {
                        LoneDeadVerdicts++;
                    }
                }
            }

            if (ObserverQuorum.IsDown(dead, observers.Count))
            {
                if (_down.Add(subject))
                {
                    Downs.Add((subject, Now));
                }
            }
            else
            {
                _down.Remove(subject);
            }
        }
    }

    private void Advance(TimeSpan instant)
    {
        if (instant > Now)
        {
            Time.Advance(instant - Now);
        }
    }
}
