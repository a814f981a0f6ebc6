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
    public void Mode_Director_AddsTheFailoverRoleOfTheClusterAddress_MembersInPriorityOrder()
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse($"{FilterScriptTests.Hosts}nlb:\n  address: 10.78.0.100\n  mode: director\n  interface: ens3\n{Rule}\n"));

        Assert.Equal(NlbMode.Director, config.Nlb!.Mode);
        var role = Assert.Single(config.Roles, r => r.Name == DirectorRole.Name);
        var resource = Assert.Single(role.Resources);
        Assert.Equal(new Core.Failover.AddressSpec("10.78.0.100", 32, "ens3"), resource.Address);
        Assert.Equal(config.Nlb.Members.OrderBy(m => m.HostPriority).Select(m => m.Node), role.PreferredOwners);
        Assert.Equal(role.PreferredOwners, role.PossibleOwners);
        Assert.False(role.IsClone);
    }

    [Fact]
    public void Mode_Director_InterfaceDefaultsToEth0() =>
        Assert.Equal("eth0", Assert.Single(ClusterYaml.AssertValid(ClusterYaml.Parse($"{FilterScriptTests.Hosts}nlb:\n  address: 10.78.0.100\n  mode: director\n{Rule}\n")).Roles).Resources[0].Address!.Interface);

    [Theory]
    [InlineData("  address: 127.0.0.100\n  mode: director\n", "nlb.address", "director mode moves the cluster address between the hosts' LAN interfaces")]
    [InlineData("  address: 10.78.0.100\n  mode: director\n  uncoveredPort: 8099\n", "nlb.uncoveredPort", "director mode forwards the rules' ports only")]
    [InlineData("  address: 10.78.0.100\n  mode: director\n  interface: \"eth 0\"\n", "nlb.interface", "not an interface name")]
    public void Mode_Director_BadInput_ErrorNamesTheKey(string section, string path, string message) =>
        ClusterYaml.AssertError(ClusterYaml.Parse($"{FilterScriptTests.Hosts}nlb:\n{section}{Rule}\n"), path, message);

    [Fact]
    public void Mode_Director_RoleNameTaken_ErrorNamesTheMode() =>
        ClusterYaml.AssertError(
            ClusterYaml.Parse($"{FilterScriptTests.Hosts}roles:\n  - name: nlb-director\n    resources:\n      - name: p\n        type: process\n        command: sleep\n        args: [\"1000\"]\nnlb:\n  address: 10.78.0.100\n  mode: director\n{Rule}\n"),
            "nlb.mode",
            "already has a role of that name");

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
