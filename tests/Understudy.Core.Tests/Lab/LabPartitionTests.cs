using Understudy.Core.Lab;

namespace Understudy.Core.Tests.Lab;

public sealed class LabPartitionTests
{
    private static readonly LabPlan Plan = LabPlanner.Plan(
        LabPlannerTests.Config("  - name: alpha\n    address: 10.77.0.1\n  - name: bravo\n    address: 10.77.0.2\n  - name: charlie\n    address: 10.77.0.3\n"), []).Plan!;

    [Fact]
    public void Parse_TwoSides_HostsInOrder()
    {
        var (partition, error) = LabPartition.Parse("alpha,bravo / charlie", Plan);

        Assert.Null(error);
        Assert.Equal(["alpha", "bravo"], partition!.From.Select(h => h.Name));
        Assert.Equal(["charlie"], partition.To.Select(h => h.Name));
    }

    [Theory]
    [InlineData("alpha bravo", "'alpha bravo' is not a partition; write the two sides as A,B / C")]
    [InlineData("alpha/bravo/charlie", "'alpha/bravo/charlie' is not a partition; write the two sides as A,B / C")]
    [InlineData("alpha / ", "a side of the partition names no host; write the two sides as A,B / C")]
    [InlineData("alpha / delta", "lab 'lab-x' has no host 'delta'; expected one of: alpha, bravo, charlie, client")]
    [InlineData("alpha,bravo / bravo", "host bravo is on both sides of 'alpha,bravo / bravo'; name it on one side only")]
    [InlineData("client / alpha", "the client cannot be partitioned; name nodes only (use lab cut client to unplug it)")]
    public void Parse_Bad_SaysWhatToWrite(string text, string expected) =>
        Assert.Equal(expected, LabPartition.Parse(text, Plan).Error);
}
