using Understudy.Core.Lab;

namespace Understudy.Core.Tests.Lab;

public sealed class LabRulesTests
{
    [Fact]
    public void Install_ForwardChainJumpsToPartitionAndEachLossChain() =>
        Assert.Equal(
            "table bridge understudy_lab {\n" +
            "\tchain forward {\n\t\ttype filter hook forward priority 0; policy accept;\n\t\tjump partition\n\t\tjump loss_p0\n\t\tjump loss_pc\n\t}\n" +
            "\tchain partition {\n\t}\n\tchain loss_p0 {\n\t}\n\tchain loss_pc {\n\t}\n}\n",
            LabRules.Install(["p0", "pc"]));

    [Fact]
    public void Partition_BothWays_ReplacesThePreviousOne() =>
        Assert.Equal(
            "flush chain bridge understudy_lab partition\n" +
            "add rule bridge understudy_lab partition iifname { \"p0\", \"p1\" } oifname { \"p2\" } drop\n" +
            "add rule bridge understudy_lab partition iifname { \"p2\" } oifname { \"p0\", \"p1\" } drop\n",
            LabRules.Partition(["p0", "p1"], ["p2"], oneWay: false));

    [Fact]
    public void Partition_OneWay_OnlyFromTheFirstSide() =>
        Assert.Equal(
            "flush chain bridge understudy_lab partition\n" +
            "add rule bridge understudy_lab partition iifname { \"p0\" } oifname { \"p2\" } drop\n",
            LabRules.Partition(["p0"], ["p2"], oneWay: true));

    [Fact]
    public void Heal_FlushesThePartition() =>
        Assert.Equal("flush chain bridge understudy_lab partition\n", LabRules.Heal());

    [Fact]
    public void Loss_BothDirectionsOfThePort() =>
        Assert.Equal(
            "flush chain bridge understudy_lab loss_p1\n" +
            "add rule bridge understudy_lab loss_p1 iifname \"p1\" numgen random mod 100 < 30 drop\n" +
            "add rule bridge understudy_lab loss_p1 oifname \"p1\" numgen random mod 100 < 30 drop\n",
            LabRules.Loss("p1", 30));

    [Fact]
    public void Loss_Hundred_PlainDrop() =>
        Assert.Equal(
            "flush chain bridge understudy_lab loss_p1\n" +
            "add rule bridge understudy_lab loss_p1 iifname \"p1\" drop\n" +
            "add rule bridge understudy_lab loss_p1 oifname \"p1\" drop\n",
            LabRules.Loss("p1", 100));

    [Fact]
    public void Loss_Zero_OnlyFlushes() =>
        Assert.Equal("flush chain bridge understudy_lab loss_p1\n", LabRules.Loss("p1", 0));

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Loss_OutOfRange_Throws(int percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LabRules.Loss("p1", percent));
}
