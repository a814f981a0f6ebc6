using Understudy.Core.Nlb;
using Understudy.Core.Tests.Config;

namespace Understudy.Core.Tests.Nlb;

public sealed class NlbSectionTests
{
    private const string Rules = """
          rules:
            - name: web
              ports: 8080
              protocol: http
              targetPort: 9080
        """;

    private static string File(string nlb) => $"{ClusterYaml.Valid}nlb:\n{nlb}\n";

    [Fact]
    public void Parse_MinimalSection_DefaultsFollowWindowsNlb()
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(File($"  address: 127.0.0.100\n{Rules}")));
        var nlb = Assert.IsType<NlbConfig>(config.Nlb);
        Assert.Equal("127.0.0.100", nlb.ClusterAddress.ToString());
        Assert.Equal([("alpha", 1, "127.0.0.11"), ("bravo", 2, "127.0.0.12")], nlb.Members.Select(m => (m.Node, m.HostPriority, m.DedicatedAddress.ToString())));
        var rule = Assert.Single(nlb.Rules);
        Assert.Equal((8080, 8080, NlbProtocol.Http, FilteringMode.Multiple, Affinity.Single, 9080), (rule.FirstPort, rule.LastPort, rule.Protocol, rule.Mode, rule.Affinity, rule.TargetPort));
        Assert.Equal(50, rule.WeightOf("alpha"));
        Assert.Equal(TimeSpan.FromSeconds(30), nlb.DrainTimeout);
        Assert.Equal((FlowLimits.DefaultMaxConnections, FlowLimits.DefaultMaxUdpSessions), (nlb.MaxConnections, nlb.MaxUdpSessions));
    }

    [Fact]
    public void Parse_FlowCaps_AreRead()
    {
        var nlb = ClusterYaml.AssertValid(ClusterYaml.Parse(File($"  address: 127.0.0.100\n  maxConnections: 20\n  maxUdpSessions: 30\n{Rules}"))).Nlb!;
        Assert.Equal((20, 30), (nlb.MaxConnections, nlb.MaxUdpSessions));
    }

    [Fact]
    public void Parse_FullRule_ReadsEverySetting()
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(File("""
              address: 127.0.0.100
              drainTimeout: 5s
              members:
                - node: alpha
                  hostPriority: 3
                - node: bravo
                  hostPriority: 1
                  dedicatedAddress: 127.0.0.112
              rules:
                - name: db
                  ports: 5000-5009
                  protocol: tcp
                  mode: single
                  affinity: network
                  targetPort: 6000
                  extendedAffinity: 2m
                  weights: { alpha: 80, bravo: 0 }
                  handlingPriority: { alpha: 1, bravo: 2 }
                - name: dns
                  ports: 5000
                  protocol: udp
                  affinity: none
                  targetPort: 6053
            """)));
        var nlb = config.Nlb!;
        Assert.Equal(TimeSpan.FromSeconds(5), nlb.DrainTimeout);
        Assert.Equal("127.0.0.112", nlb.FindMember("bravo")!.DedicatedAddress.ToString());
        var db = nlb.FindRule("db")!;
        Assert.Equal((5000, 5009, 10, 6005), (db.FirstPort, db.LastPort, db.PortCount, db.TargetFor(5005)));
        Assert.Equal((FilteringMode.Single, Affinity.Network, TimeSpan.FromMinutes(2)), (db.Mode, db.Affinity, db.ExtendedAffinity));
        Assert.Equal((80, 0), (db.WeightOf("alpha"), db.WeightOf("bravo")));
        Assert.Equal(1, db.HandlingPriorities["alpha"]);
        Assert.Equal(NlbProtocol.Udp, nlb.FindRule("dns")!.Protocol);
    }

    [Theory]
    [InlineData("  address: 127.0.0.300\n" + Rules, "nlb.address", "not an IP address")]
    [InlineData("  address: 127.0.0.11\n" + Rules, "nlb.address", "is also alpha")]
    [InlineData("  address: 127.0.0.100\n", "nlb.rules", "'rules' is required")]
    [InlineData("  address: 127.0.0.100\n  members:\n    - node: zulu\n      hostPriority: 1\n" + Rules, "nlb.members[0].node", "not a node of this cluster")]
    [InlineData("  address: 127.0.0.100\n  members:\n    - node: alpha\n      hostPriority: 1\n    - node: bravo\n      hostPriority: 1\n" + Rules, "nlb.members[1].hostPriority", "must be unique")]
    [InlineData("  address: 127.0.0.100\n  members:\n    - node: alpha\n      hostPriority: 33\n" + Rules, "nlb.members[0].hostPriority", "out of range")]
    [InlineData("  address: 127.0.0.100\n  rules:\n    - name: web\n      ports: 9000-8000\n      protocol: tcp\n      targetPort: 1000\n", "nlb.rules[0].ports", "ends before it starts")]
    [InlineData("  address: 127.0.0.100\n  rules:\n    - name: web\n      ports: 80\n      protocol: sctp\n      targetPort: 1000\n", "nlb.rules[0].protocol", "not one of: http, tcp, udp")]
    [InlineData("  address: 127.0.0.100\n  rules:\n    - name: web\n      ports: 80\n      protocol: tcp\n      mode: many\n      targetPort: 1000\n", "nlb.rules[0].mode", "not one of: multiple, single, disabled")]
    [InlineData("  address: 127.0.0.100\n  rules:\n    - name: web\n      ports: 80\n      protocol: tcp\n      affinity: sticky\n      targetPort: 1000\n", "nlb.rules[0].affinity", "not one of: none, single, network")]
    [InlineData("  address: 127.0.0.100\n  rules:\n    - name: web\n      ports: 80\n      protocol: tcp\n      targetPort: 1000\n      weights: { alpha: 101 }\n", "nlb.rules[0].weights.alpha", "out of range")]
    [InlineData("  address: 127.0.0.100\n  rules:\n    - name: web\n      ports: 80\n      protocol: tcp\n      targetPort: 1000\n      weights: { zulu: 10 }\n", "nlb.rules[0].weights.zulu", "not an NLB member")]
    [InlineData("  address: 127.0.0.100\n  rules:\n    - name: web\n      ports: 80-90\n      protocol: tcp\n      targetPort: 85\n", "nlb.rules[0].targetPort", "overlap the rule's ports")]
    [InlineData("  address: 127.0.0.100\n  rules:\n    - name: a\n      ports: 80-90\n      protocol: tcp\n      targetPort: 1000\n    - name: b\n      ports: 90\n      protocol: http\n      targetPort: 2000\n", "nlb.rules[1].ports", "overlap nlb.rules[0]")]
    [InlineData("  address: 127.0.0.100\n  rules:\n    - name: a\n      ports: 80\n      protocol: tcp\n      targetPort: 1000\n    - name: a\n      ports: 81\n      protocol: tcp\n      targetPort: 2000\n", "nlb.rules[1].name", "must be unique")]
    [InlineData("  address: 127.0.0.100\n  rules:\n    - name: a\n      ports: 80\n      protocol: tcp\n      targetPort: 1000\n      handlingPriority: { alpha: 1, bravo: 1 }\n", "nlb.rules[0].handlingPriority", "must be unique")]
    [InlineData("  address: 127.0.0.100\n  maxConnections: 0\n" + Rules, "nlb.maxConnections", "out of range")]
    [InlineData("  address: 127.0.0.100\n  maxUdpSessions: lots\n" + Rules, "nlb.maxUdpSessions", "not a whole number")]
    public void Parse_BadSetting_NamesPathAndProblem(string nlb, string path, string fragment) =>
        ClusterYaml.AssertError(ClusterYaml.Parse(File(nlb)), path, fragment);

    [Fact]
    public void Parse_SamePortOnTcpAndUdp_IsAllowed()
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(File("  address: 127.0.0.100\n  rules:\n    - name: a\n      ports: 53\n      protocol: tcp\n      targetPort: 1053\n    - name: b\n      ports: 53\n      protocol: udp\n      targetPort: 1053\n")));
        Assert.Equal(2, config.Nlb!.Rules.Length);
    }

    [Fact]
    public void RulesFingerprint_IgnoresWeightsButNotPorts()
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(File($"  address: 127.0.0.100\n{Rules}"))).Nlb!;
        var rule = config.Rules[0];
        Assert.Equal(config.RulesFingerprint(), (config with { Rules = [rule with { Weights = rule.Weights.Add("alpha", 10) }] }).RulesFingerprint());
        Assert.NotEqual(config.RulesFingerprint(), (config with { Rules = [rule with { LastPort = 8081 }] }).RulesFingerprint());
    }

    private static string WithRole(string roles, string role) => $$"""
        {{ClusterYaml.Valid}}roles:
        {{roles}}
        nlb:
          address: 127.0.0.100
          rules:
            - name: web
              ports: 8080
              protocol: http
              targetPort: 9080
              role: {{role}}

        """;

    private const string EchoRole = """
          - name: echo
            clone: CLONE
            resources:
              - name: p
                type: process
                command: understudy
                args: [example, echo, --listen, "${nodeAddress}:9080"]
              - name: h
                type: probe
                dependsOn: [p]
                http: "http://${nodeAddress}:9080/"
        """;

    [Fact]
    public void Parse_RuleRole_NamesACloneRole()
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(WithRole(EchoRole.Replace("CLONE", "true", StringComparison.Ordinal), "echo")));

        Assert.Equal("echo", config.Nlb!.Rules[0].Role);
    }

    [Theory]
    [InlineData("true", "ehco", "'ehco' is not a role of this cluster file; clone roles are: echo")]
    [InlineData("false", "echo", "role 'echo' is not a clone role")]
    public void Parse_RuleRole_UnknownOrNotACloneIsReported(string clone, string role, string message)
    {
        var result = ClusterYaml.Parse(WithRole(EchoRole.Replace("CLONE", clone, StringComparison.Ordinal), role));

        ClusterYaml.AssertError(result, "nlb.rules[0].role", message);
    }
}
