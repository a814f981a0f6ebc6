using Understudy.Core.Detection;
using Understudy.Simulation.Tests.Network;

namespace Understudy.Simulation.Tests.Heartbeats;

/// <summary>
/// 5% loss and 1-20 ms delay jitter for 10 simulated minutes, three nodes (six links, about
/// 2,400 beats each).
/// </summary>
/// <remarks>
/// Threshold mode with the defaults (250 ms x 4) cannot promise zero false verdicts here: three
/// beats lost in a row (p = 0.05^3 per beat, about 1.7 runs per 10 minutes over six links) leave
/// a silence of exactly 1 s plus the next beat's extra delay, and Alive ends at exactly 1 s. A
/// seed sweep (40 seeds) gave a brief false Dead in 21 runs. So the threshold test asserts the
/// documented trade-off instead (no Dead verdict on a link unless 3 beats in a row were lost there);
/// phi mode, which tolerates about 1.27 s, must give none at all over several seeds.
/// </remarks>
public sealed class LossSimulationTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void PhiMode_FivePercentLossWithJitter_NoDeadVerdicts(int seed)
    {
        var cluster = Lossy(DetectorMode.Phi, seed);

        cluster.Run(Duration);

        foreach (var (observer, peer) in SilenceSimulationTests.Pairs("a", "b", "c"))
        {
            var state = cluster[observer].Peers[peer];
            Assert.Equal(0, state.DeadObservations);
            AssertLossHappened(state);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void ThresholdMode_FivePercentLossWithJitter_DeadOnlyAfterThreeLostInARow(int seed)
    {
        var options = HeartbeatOptions.Lan;
        var cluster = Lossy(DetectorMode.Threshold, seed);

        cluster.Run(Duration);

        foreach (var (observer, peer) in SilenceSimulationTests.Pairs("a", "b", "c"))
        {
            var state = cluster[observer].Peers[peer];
            if (state.DeadObservations > 0)
            {
                Assert.True(state.MaxLostInARow >= options.Threshold - 1, $"{observer} saw {peer} dead after at most {state.MaxLostInARow} lost in a row");
            }

            // Any false verdict is brief: the next beat revives the peer.
            Assert.Equal(Liveness.Alive, cluster[observer].VerdictOn(peer, cluster.Now));
            AssertLossHappened(state);
        }
    }

    [Fact]
    public void ThresholdMode_FivePercentLossWithoutThreeInARow_NoDeadVerdicts()
    {
        // Seed 5 happens to lose no three beats in a row on any link: then threshold mode is clean.
        var cluster = Lossy(DetectorMode.Threshold, seed: 5);

        cluster.Run(Duration);

        foreach (var (observer, peer) in SilenceSimulationTests.Pairs("a", "b", "c"))
        {
            var state = cluster[observer].Peers[peer];
            Assert.True(state.MaxLostInARow < 3);
            Assert.Equal(0, state.DeadObservations);
        }
    }

    private static SimulatedCluster Lossy(DetectorMode mode, int seed)
    {
        var cluster = new SimulatedCluster(HeartbeatOptions.Lan with { Detector = mode }, seed, "a", "b", "c").Start();
        cluster.Network.DropProbability = 0.05;
        cluster.Network.MinDelay = TimeSpan.FromMilliseconds(1);
        cluster.Network.MaxDelay = TimeSpan.FromMilliseconds(20);
        return cluster;
    }

    private static void AssertLossHappened(PeerState state)
    {
        // About 2,400 beats sent on the link, 5% of them dropped.
        Assert.InRange(state.Accepted, 2200, 2350);
        Assert.True(state.MaxLostInARow >= 1);
    }
}
