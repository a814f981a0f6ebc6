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
}
