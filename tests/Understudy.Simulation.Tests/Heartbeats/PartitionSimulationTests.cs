using Understudy.Core.Detection;
using Understudy.Simulation.Tests.Network;

namespace Understudy.Simulation.Tests.Heartbeats;

public sealed class PartitionSimulationTests
{
    [Theory]
    [InlineData(DetectorMode.Threshold)]
    [InlineData(DetectorMode.Phi)]
    public void Partition_AloneVersusPair_EachSideSeesOtherDead_PairStaysAlive(DetectorMode mode)
    {
        var cluster = new SimulatedCluster(HeartbeatOptions.Lan with { Detector = mode }, seed: 6, "a", "b", "c").Start();
        cluster.Network.MaxDelay = TimeSpan.FromMilliseconds(10);
        cluster.Run(TimeSpan.FromSeconds(3));

        cluster.Network.Partition(["a"], ["b", "c"]);
        cluster.Run(TimeSpan.FromSeconds(5));

        var now = cluster.Now;
        Assert.Equal(Liveness.Dead, cluster["a"].VerdictOn("b", now));
        Assert.Equal(Liveness.Dead, cluster["a"].VerdictOn("c", now));
        Assert.Equal(Liveness.Dead, cluster["b"].VerdictOn("a", now));
        Assert.Equal(Liveness.Dead, cluster["c"].VerdictOn("a", now));
        Assert.Equal(Liveness.Alive, cluster["b"].VerdictOn("c", now));
        Assert.Equal(Liveness.Alive, cluster["c"].VerdictOn("b", now));
        Assert.Equal(0, cluster["b"].Peers["c"].DeadObservations);
        Assert.Equal(0, cluster["c"].Peers["b"].DeadObservations);
    }

    [Fact]
    public void Partition_Healed_AllAliveAgain()
    {
        var cluster = new SimulatedCluster(HeartbeatOptions.Lan, seed: 7, "a", "b", "c").Start();
        cluster.Run(TimeSpan.FromSeconds(2));
        cluster.Network.Partition(["a"], ["b", "c"]);
        cluster.Run(TimeSpan.FromSeconds(3));

        cluster.Network.Heal();
        cluster.Run(HeartbeatOptions.Lan.Interval * 2);

        foreach (var (observer, peer) in SilenceSimulationTests.Pairs("a", "b", "c"))
        {
            Assert.Equal(Liveness.Alive, cluster[observer].VerdictOn(peer, cluster.Now));
        }
    }
}
