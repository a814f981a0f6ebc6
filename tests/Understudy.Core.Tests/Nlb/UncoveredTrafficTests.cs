using Understudy.Core.Database;
using Understudy.Core.Nlb;
using Understudy.Core.Tests.Config;

namespace Understudy.Core.Tests.Nlb;

public sealed class UncoveredTrafficTests
{
    private static string File(string extra) => $$"""
        {{ClusterYaml.Valid}}nlb:
          address: 127.0.0.100
        {{extra}}
          members:
            - node: alpha
              hostPriority: 2
            - node: bravo
              hostPriority: 1
          rules:
            - name: web
              ports: 8080
              protocol: http
              targetPort: 9080
            - name: db
              ports: 5000-5009
              protocol: tcp
              targetPort: 6000
            - name: dns
              ports: 53
              protocol: udp
              targetPort: 6053

        """;

    private static NlbConfig Config(string extra) => ClusterYaml.AssertValid(ClusterYaml.Parse(File(extra))).Nlb!;

    [Fact]
    public void Section_UncoveredPort_ReadAndInTheFingerprint()
    {
        var with = Config("  uncoveredPort: 8999");
        Assert.Equal(8999, with.UncoveredPort);
        var without = Config("");
        Assert.Null(without.UncoveredPort);
        Assert.NotEqual(with.RulesFingerprint(), without.RulesFingerprint());
    }

    [Theory]
    [InlineData("  uncoveredPort: 5003", "covered by rule 'db'")]
    [InlineData("  uncoveredPort: 0", "")]
    [InlineData("  uncoveredPort: 70000", "")]
    public void Section_BadUncoveredPort_Refused(string extra, string fragment) =>
        ClusterYaml.AssertError(ClusterYaml.Parse(File(extra)), "nlb.uncoveredPort", fragment);

    [Fact]
    public void Section_UdpRulePort_IsNotTheUncoveredPort() =>
        ClusterYaml.AssertError(ClusterYaml.Parse(File("  uncoveredPort: 53")), "nlb.uncoveredPort", "covered by rule 'dns'");

    [Fact]
    public void NftScript_RedirectsEveryTcpAndUdpPortNoRuleCovers_ToTheUncoveredPort()
    {
        var script = UncoveredTraffic.NftScript(Config("  uncoveredPort: 8999"))!;
        const string Match = "ip daddr 127.0.0.100 tcp dport != { 8080, 5000-5009, 8999 } dnat to 127.0.0.100:8999; "
            + "ip daddr 127.0.0.100 udp dport != { 53, 8999 } dnat to 127.0.0.100:8999;";
        Assert.Equal(
            "add table ip understudy_7f000064\n"
            + "delete table ip understudy_7f000064\n"
            + "table ip understudy_7f000064 {\n"
            + $"  chain output {{ type nat hook output priority -100; {Match} }}\n"
            + $"  chain prerouting {{ type nat hook prerouting priority -100; {Match} }}\n"
            + "}\n",
            script);
        Assert.Null(UncoveredTraffic.NftScript(Config("")));
    }

    [Fact]
    public void Hosts_AreTheEligibleMembersByHostPriority()
    {
        var config = Config("  uncoveredPort: 8999");
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var state = ClusterState.Empty;
        long index = 0;
        foreach (var member in config.Members)
        {
            state = state.Apply(new Understudy.Core.Membership.NodeUp(at, member.Node, 1, 100, "up"), ++index);
            state = state.Apply(new NlbAnnounce(at, member.Node, config.RulesFingerprint(), member.HostPriority), ++index);
        }

        Assert.Equal(("bravo", "alpha"), UncoveredTraffic.Hosts(NlbViews.Derive(config, state)));
        var stopped = state.Apply(new NlbMemberStateSet(at, "bravo", NlbMemberState.Stopped, "stop"), ++index);
        Assert.Equal(("alpha", null), UncoveredTraffic.Hosts(NlbViews.Derive(config, stopped)));
        Assert.Equal((null, null), UncoveredTraffic.Hosts(NlbViews.Derive(config, ClusterState.Empty)));
    }
}
