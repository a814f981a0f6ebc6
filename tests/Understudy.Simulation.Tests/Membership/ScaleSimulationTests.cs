using System.Globalization;
using Understudy.Core.Detection;

namespace Understudy.Simulation.Tests.Membership;

/// <summary>
/// Failure detection from 3 to 1,000 nodes on the expander topology (issue 17, goal 4), the real
/// threshold detector with its defaults (250 ms × 4), seeded loss and 1–20 ms jitter: the time to
/// Down and the false Downs must not grow with the cluster, and neither may the heartbeats each
/// node sends. Figures go to the test output (docs/benchmarks.md, "1,000 nodes in simulation").
/// </summary>
public sealed class ScaleSimulationTests
{
    private static readonly HeartbeatOptions Options = HeartbeatOptions.Lan;

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    public void CrashedNode_IsDownWithinOneWindowAndAStep_AtAnySize(int count)
    {
        var times = new List<double>();
        for (var seed = 1; seed <= 3; seed++)
        {
            var cluster = Lossy(count, seed);
            cluster.Run(TimeSpan.FromSeconds(3));
            var victim = cluster.Members[seed % count];
            cluster.Crash(victim);
            var crashedAt = cluster.Now;
            cluster.Run(TimeSpan.FromSeconds(3));

            var downs = cluster.Downs.Where(d => d.Subject == victim).ToArray();
            var down = Assert.Single(downs);
            var took = down.At - crashedAt;
            times.Add(took.TotalMilliseconds);

            // Never before the window after the victim's last beat could have arrived; at the
            // latest one interval (the last beat just before the crash), the window, the longest
            // delay, and one counting step later.
            Assert.InRange(took, Options.ThresholdWindow - Options.Interval, Options.ThresholdWindow + Options.Interval + MonitoredCluster.Evaluate + cluster.Network.MaxDelay);
            Assert.DoesNotContain(cluster.Downs, d => d.Subject != victim);
        }

        Report($"N={count}: crash to Down {string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} ms");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    public void FivePercentLossWithJitter_NoFalseDown_AtAnySize(int count)
    {
        var cluster = Lossy(count, seed: 7);
        var duration = TimeSpan.FromSeconds(count >= 1000 ? 60 : 300);

        cluster.Run(duration);

        Report($"N={count}: {duration.TotalSeconds:0} s at 5 % loss: {cluster.Downs.Count} false Down, {cluster.LoneDeadVerdicts} single-observer Dead verdicts ridden out");
        Assert.Empty(cluster.Downs);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(9, 8)]
    [InlineData(10, 8)]
    [InlineData(100, 8)]
    [InlineData(1000, 8)]
    public void HeartbeatsPerNodePerSecond_AreKTimesTheRate_NotN(int count, int observers)
    {
        var cluster = new MonitoredCluster(count, Options, seed: 3);
        var seconds = 10;

        cluster.Run(TimeSpan.FromSeconds(seconds));

        var rate = cluster.SentBy.Values.Select(s => (double)s / seconds).ToArray();
        var expected = observers * (1 / Options.Interval.TotalSeconds);
        Report($"N={count}: {rate.Average():0.0} heartbeats sent per node per second (max {rate.Max():0.0}); each node watches {cluster.Members.Average(m => cluster.Topology.SubjectsOf(m).Count):0.0} on average, at most {cluster.Members.Max(m => cluster.Topology.SubjectsOf(m).Count)}");
        Assert.All(rate, r => Assert.InRange(r, expected - observers, expected + observers));
    }

    private static MonitoredCluster Lossy(int count, int seed)
    {
        var cluster = new MonitoredCluster(count, Options, seed);
        cluster.Network.DropProbability = 0.05;
        cluster.Network.MinDelay = TimeSpan.FromMilliseconds(1);
        cluster.Network.MaxDelay = TimeSpan.FromMilliseconds(20);
        return cluster;
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
