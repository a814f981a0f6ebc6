using System.Net;
using Understudy.Core.Nlb;

namespace Understudy.Core.Tests.Nlb;

/// <summary>What the leader checks before replicating an NLB command handed to it.</summary>
public sealed class NlbCommandRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    private static readonly NlbConfig Nlb = new()
    {
        ClusterAddress = IPAddress.Parse("127.0.0.50"),
        Members = [new NlbMemberConfig("a", 1, IPAddress.Parse("127.0.0.1")), new NlbMemberConfig("b", 2, IPAddress.Parse("127.0.0.2"))],
        Rules = [new PortRule { Name = "web", FirstPort = 8080, LastPort = 8080, TargetPort = 9080 }],
    };

    [Fact]
    public void Check_ValidCommands_NoProblem()
    {
        Assert.Null(NlbCommandRules.Check(new NlbMemberStateSet(T0, "a", NlbMemberState.Stopped, "stop"), Nlb));
        Assert.Null(NlbCommandRules.Check(new NlbWeightSet(T0, "b", "web", 100), Nlb));
        Assert.Null(NlbCommandRules.Check(new NlbAnnounce(T0, "a", "f", 1), Nlb));
    }

    [Fact]
    public void Check_MissingNode_NamesNode()
    {
        var problem = NlbCommandRules.Check(new NlbMemberStateSet(T0, null!, NlbMemberState.Stopped, "x"), Nlb);

        Assert.Equal("node", problem?.Path);
        Assert.Contains("required", problem!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c", "web", 10, "node")]
    [InlineData("a", "ftp", 10, "rule")]
    [InlineData("a", null, 10, "rule")]
    [InlineData("a", "web", 101, "weight")]
    [InlineData("a", "web", -1, "weight")]
    public void Check_BadWeight_NamesField(string node, string? rule, int weight, string field) =>
        Assert.Equal(field, NlbCommandRules.Check(new NlbWeightSet(T0, node, rule!, weight), Nlb)?.Path);

    [Fact]
    public void Check_BadAnnounceAndState_NameFields()
    {
        Assert.Equal("fingerprint", NlbCommandRules.Check(new NlbAnnounce(T0, "a", "", 1), Nlb)?.Path);
        Assert.Equal("hostPriority", NlbCommandRules.Check(new NlbAnnounce(T0, "a", "f", 33), Nlb)?.Path);
        Assert.Equal("state", NlbCommandRules.Check(new NlbMemberStateSet(T0, "a", (NlbMemberState)9, "x"), Nlb)?.Path);
        Assert.Equal("reason", NlbCommandRules.Check(new NlbMemberStateSet(T0, "a", NlbMemberState.Stopped, null!), Nlb)?.Path);
    }

    [Fact]
    public void Check_NotAnNlbCommandOrNoNlb_Refused()
    {
        Assert.Equal("type", NlbCommandRules.Check(new Understudy.Core.Membership.NodeDown(T0, "a", "x"), Nlb)?.Path);
        Assert.Equal("", NlbCommandRules.Check(new NlbWeightSet(T0, "a", "web", 1), null)?.Path);
    }
}
