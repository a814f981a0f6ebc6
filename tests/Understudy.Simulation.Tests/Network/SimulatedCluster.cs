using System.Text;
using Microsoft.Extensions.Time.Testing;
using Understudy.Core.Detection;
using Understudy.Core.Security;

namespace Understudy.Simulation.Tests.Network;

/// <summary>
/// Nodes on a <see cref="SimulatedNetwork"/>, driven by one <see cref="FakeTimeProvider"/> in
/// steps of 10 ms; within a step the clock jumps to each delivery's exact instant, so arrival
/// times keep the network's jitter instead of being rounded to the step.
/// </summary>
internal sealed class SimulatedCluster
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    public static readonly byte[] Key = ClusterKeys.Derive(Encoding.UTF8.GetBytes("simulated secret"), "sim").HeartbeatKey.ToArray();

    private readonly Dictionary<string, SimulatedNode> _nodes = [];
    private readonly HeartbeatOptions _options;
    private readonly string[] _members;

    /// <summary>A cluster whose members are <paramref name="members"/>; nodes are added with
    /// <see cref="Add"/> or all at once with <see cref="Start"/>.</summary>
    public SimulatedCluster(HeartbeatOptions options, int seed, params string[] members)
    {
        _options = options;
        _members = members;
        Time = new FakeTimeProvider();
        Network = new SimulatedNetwork(Time, seed);
    }

    public FakeTimeProvider Time { get; }

    public SimulatedNetwork Network { get; }

    public TimeSpan Now => Network.Now;

    public SimulatedNode this[string name] => _nodes[name];

    /// <summary>Adds every member with the cluster key, first beats staggered by 30 ms.</summary>
    public SimulatedCluster Start()
    {
        foreach (var name in _members)
        {
            Add(name, Key);
        }

        return this;
    }

    /// <summary>Adds one member node that signs with <paramref name="key"/>.</summary>
    public SimulatedNode Add(string name, byte[] key)
    {
        var firstSend = Now + (Step * 3 * _nodes.Count);
        var node = new SimulatedNode(name, key, _options, incarnation: 1_700_000_000_000 + _nodes.Count, _members, firstSend);
        _nodes.Add(name, node);
        return node;
    }

    /// <summary>Runs the cluster for <paramref name="duration"/>, calling <paramref name="afterStep"/>
    /// with the time at the end of every step.</summary>
    public void Run(TimeSpan duration, Action<TimeSpan>? afterStep = null)
    {
        var end = Now + duration;
        while (Now < end)
        {
            var stepEnd = Now + Step;
            while (Network.NextDelivery is { } due && due <= stepEnd)
            {
                AdvanceTo(due);
                while (Network.TryReceive(out var datagram))
                {
                    if (_nodes.TryGetValue(datagram.To, out var receiver))
                    {
                        receiver.Receive(datagram, Now);
                    }
                }
            }

            AdvanceTo(stepEnd);
            foreach (var node in _nodes.Values)
            {
                node.Observe(Now);
                node.SendDue(Now, Network);
            }

            afterStep?.Invoke(Now);
        }
    }

    private void AdvanceTo(TimeSpan instant)
    {
        if (instant > Now)
        {
            Time.Advance(instant - Now);
        }
    }
}
