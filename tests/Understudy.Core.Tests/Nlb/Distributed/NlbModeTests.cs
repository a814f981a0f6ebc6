using Understudy.Core.Nlb;
using Understudy.Core.Tests.Config;

namespace Understudy.Core.Tests.Nlb.Distributed;

public sealed class NlbModeTests
{
    private const string Rule = """
          rules:
            - name: web
              ports: 8080
              protocol: http
              targetPort: 9080
        """;

    [Fact]
    public void Mode_LoopbackNodes_DefaultsToLocal() =>
        Assert.Equal(NlbMode.Local, ClusterYaml.AssertValid(ClusterYaml.Parse($"{ClusterYaml.Valid}nlb:\n  address: 127.0.0.100\n{Rule}\n")).Nlb!.Mode);

    [Fact]
    public void Mode_LanNodes_DefaultsToDistributed_InTheFingerprint()
    {
        var distributed = ClusterYaml.AssertValid(ClusterYaml.Parse($"{FilterScriptTests.Hosts}nlb:\n  address: 10.78.0.100\n{Rule}\n")).Nlb!;
        Assert.Equal(NlbMode.Distributed, distributed.Mode);
        var local = ClusterYaml.AssertValid(ClusterYaml.Parse($"{FilterScriptTests.Hosts}nlb:\n  address: 10.78.0.100\n  mode: local\n{Rule}\n")).Nlb!;
        Assert.Equal(NlbMode.Local, local.Mode);
        Assert.NotEqual(distributed.RulesFingerprint(), local.RulesFingerprint());
    }

    [Fact]
    public void Mode_DistributedOnOneStack_ErrorNamesTheKey() =>
        ClusterYaml.AssertError(ClusterYaml.Parse($"{ClusterYaml.Valid}nlb:\n  address: 127.0.0.100\n  mode: distributed\n{Rule}\n"), "nlb.mode", "every node's address is a loopback address of one network stack (alpha 127.0.0.11, bravo 127.0.0.12); use mode: local");

    [Fact]
    public void Mode_Director_RefusedUntilBuilt() =>
        ClusterYaml.AssertError(ClusterYaml.Parse($"{FilterScriptTests.Hosts}nlb:\n  address: 10.78.0.100\n  mode: director\n{Rule}\n"), "nlb.mode", "director mode is not built yet");

    [Fact]
    public void Mode_Unknown_ListsTheModes() =>
        ClusterYaml.AssertError(ClusterYaml.Parse($"{FilterScriptTests.Hosts}nlb:\n  address: 10.78.0.100\n  mode: flood\n{Rule}\n"), "nlb.mode", "'flood' is not one of: local, distributed, director");

    [Theory]
    [InlineData("  uncoveredPort: 8099\n", "nlb.uncoveredPort", "the default host takes ports no rule covers by itself")]
    [InlineData("", "nlb.rules[0].extendedAffinity", "set extendedAffinity: 0s or use mode: local")]
    public void Mode_Distributed_RefusesWhatNeedsForwarding(string extra, string path, string message)
    {
        var rule = extra.Length == 0 ? Rule + "\n      extendedAffinity: 1m" : Rule;
        ClusterYaml.AssertError(ClusterYaml.Parse($"{FilterScriptTests.Hosts}nlb:\n  address: 10.78.0.100\n{extra}{rule}\n"), path, message);
    }

    [Fact]
    public void Mode_DistributedIPv6_ErrorAtTheAddress() =>
        ClusterYaml.AssertError(ClusterYaml.Parse($"{FilterScriptTests.Hosts}nlb:\n  address: fd00::100\n  mode: distributed\n{Rule}\n"), "nlb.address", "distributed mode filters IPv4 only");
}
