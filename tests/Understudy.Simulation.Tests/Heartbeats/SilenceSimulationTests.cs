using Understudy.Core.Detection;
using Understudy.Simulation.Tests.Network;

namespace Understudy.Simulation.Tests.Heartbeats;

public sealed class SilenceSimulationTests
{
    private static readonly HeartbeatOptions Options = HeartbeatOptions.Lan;

    [Fact]
    public void ThreeNodes_AfterAFewIntervals_AllSeeEachOtherAlive()
    {
        var cluster = new SimulatedCluster(Options, seed: 1, "a", "b", "c").Start();

        cluster.Run(Options.Interval * 3);

        foreach (var (observer, peer) in Pairs("a", "b", "c"))
        {
            Assert.Equal(Liveness.Alive, cluster[observer].VerdictOn(peer, cluster.Now));
        }
    }

    [Theory]
    [InlineData(DetectorMode.Threshold)]
    [InlineData(DetectorMode.Phi)]
    public void SilentNode_IsDeclaredDead_NotBeforeThresholdWindowAfterLastBeat(DetectorMode mode)
    {
        var options = Options with { Detector = mode };
        var cluster = new SimulatedCluster(options, seed: 2, "a", "b", "c").Start();
        cluster.Network.MaxDelay = TimeSpan.FromMilliseconds(5);
        cluster.Run(TimeSpan.FromSeconds(5));

        cluster["c"].Silent = true;
        var silencedAt = cluster.Now;
        cluster.Run(TimeSpan.FromSeconds(5), now =>
        {
            foreach (var observer in new[] { "a", "b" })
            {
                var peer = cluster[observer].Peers["c"];
                if (peer.Detector.Evaluate(now) == Liveness.Dead)
                {
                    Assert.True(now - peer.Detector.LastArrival > options.ThresholdWindow, $"{observer} declared c dead at {now}");
                }
            }
        });

        foreach (var observer in new[] { "a", "b" })
        {
            var peer = cluster[observer].Peers["c"];
            Assert.Equal(Liveness.Dead, peer.Detector.Evaluate(cluster.Now));
            var declared = Assert.Single(peer.DeclaredDeadAt);
            Assert.True(declared - peer.Detector.LastArrival > options.ThresholdWindow);
            // Threshold mode: within one step of the window; phi: within its ~1.27 s boundary.
            Assert.True(declared - silencedAt <= TimeSpan.FromSeconds(2), $"{observer} took {declared - silencedAt}");
        }

        // The two that still talk never doubted each other.
        Assert.Equal(0, cluster["a"].Peers["b"].DeadObservations);
        Assert.Equal(0, cluster["b"].Peers["a"].DeadObservations);
    }

    [Fact]
    public void ThresholdMode_DeclaresDeadOneStepAfterWindow()
    {
        // Fixed 1 ms delay: c's last beat lands 1 ms after a step, so the silence passes
        // interval x threshold between two steps and the next step sees Dead.
        var cluster = new SimulatedCluster(Options, seed: 3, "a", "b", "c").Start();
        cluster.Run(TimeSpan.FromSeconds(2));
        cluster["c"].Silent = true;

        cluster.Run(TimeSpan.FromSeconds(3));

        var peer = cluster["a"].Peers["c"];
        var lastArrival = peer.Detector.LastArrival!.Value;
        var declared = Assert.Single(peer.DeclaredDeadAt);
        Assert.Equal(lastArrival + Options.ThresholdWindow + TimeSpan.FromMilliseconds(9), declared);
    }

    [Theory]
    [InlineData(DetectorMode.Threshold)]
    [InlineData(DetectorMode.Phi)]
    public void SilentNode_WhenItSpeaksAgain_IsAliveAgain(DetectorMode mode)
    {
        var cluster = new SimulatedCluster(Options with { Detector = mode }, seed: 4, "a", "b", "c").Start();
        cluster.Run(TimeSpan.FromSeconds(2));
        cluster["c"].Silent = true;
        cluster.Run(TimeSpan.FromSeconds(4));
        Assert.Equal(Liveness.Dead, cluster["a"].VerdictOn("c", cluster.Now));

        cluster["c"].Silent = false;
        cluster.Run(Options.Interval * 2);

        foreach (var (observer, peer) in Pairs("a", "b", "c"))
        {
            Assert.Equal(Liveness.Alive, cluster[observer].VerdictOn(peer, cluster.Now));
        }
    }

    internal static IEnumerable<(string Observer, string Peer)> Pairs(params string[] nodes) =>
        from observer in nodes
        from peer in nodes
        where observer != peer
        select (observer, peer);
}
