using Understudy.Core.Failover;

namespace Understudy.Simulation.Tests.Failover;

/// <summary>Partition {A} | {B, C} with the role on A: it ends on the majority side only, and no
/// instant ever has two nodes running it — whoever led before the cut.</summary>
public sealed class PartitionFailoverSimulationTests
{
    public static TheoryData<int, string> Seeds()
    {
        var data = new TheoryData<int, string>();
        for (var seed = 1; seed <= 25; seed++)
        {
            data.Add(seed, "A");
            data.Add(seed, "B");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void PartitionOwnerIntoMinority_RoleMovesToMajority_NeverTwoOwners(int seed, string leader)
    {
        var model = new LeasePartitionModel(seed, leader);
        var maxRunning = 0;
        var cut = TimeSpan.FromSeconds(3) + TimeSpan.FromMilliseconds(seed * 37 % 25 * 10);
        while (model.Now < TimeSpan.FromSeconds(20))
        {
            if (model.Now == cut)
            {
                model.Partition("B", "C");
            }

            if (model.Now == TimeSpan.FromSeconds(12))
            {
                model.Heal();
            }

            model.Advance();
            maxRunning = Math.Max(maxRunning, model.Running.Count);
            Assert.True(model.Running.Count <= 1, $"two owners at {model.Now}: {string.Join(", ", model.Running)}");
            if (model.Now > cut && model.Now < TimeSpan.FromSeconds(12))
            {
                Assert.DoesNotContain("A", model.Running.Where(_ => model.Now > cut + TimeSpan.FromSeconds(1)));
            }
        }

        Assert.Equal(1, maxRunning);
        Assert.Contains(model.CommittedOwner, new[] { "B", "C" });
        Assert.Equal([model.CommittedOwner!], model.Running);
    }

    /// <summary>Seeds, with the default timing and with a lease much longer than the leader's
    /// (5 s against 700 ms), where only counting A's older grants keeps the rule safe.</summary>
    public static TheoryData<int, int> TwoCutSeeds()
    {
        var data = new TheoryData<int, int>();
        for (var seed = 1; seed <= 30; seed++)
        {
            data.Add(seed, 1000);
            data.Add(seed, 5000);
        }

        return data;
    }

    /// <summary>
    /// The leader B is cut off ({A, C} | {B}); A is elected; 10–590 ms later, A is cut off
    /// ({A} | {B, C}) and C is elected. When A had just become leader, the new leader's bound for A's leases is
    /// the lease A could still hold from B's grants (counted from when it saw A lead), not A's
    /// shorter self-granted one — the case <see cref="Understudy.Core.Failover.LeaseRule.PredecessorSurelyExpired"/>
    /// exists for.
    /// </summary>
    [Theory]
    [MemberData(nameof(TwoCutSeeds))]
    public void LeaderCutOffSoonAfterItsElection_NeverTwoOwners(int seed, int leaseMs)
    {
        // A wins the first election, C the second: C's predecessor is A, which it saw elected.
        var model = new LeasePartitionModel(seed, "B", LeaseTiming.Default with { Lease = TimeSpan.FromMilliseconds(leaseMs) }, ["A", "C", "B"]);
        var first = TimeSpan.FromSeconds(3);
        var second = first + TimeSpan.FromMilliseconds(300 + (seed * 53 % 60 * 10));
        while (model.Now < TimeSpan.FromSeconds(30))
        {
            if (model.Now == first)
            {
                model.Partition("A", "C");
            }

            if (model.Now == second)
            {
                model.Partition("B", "C");
            }

            if (model.Now == TimeSpan.FromSeconds(20))
            {
                model.Heal();
            }

            model.Advance();
            Assert.True(model.Running.Count <= 1, $"two owners at {model.Now}: {string.Join(", ", model.Running)}");
        }

        Assert.Contains(model.CommittedOwner, new[] { "B", "C" });
        Assert.Equal([model.CommittedOwner!], model.Running);
    }
}
