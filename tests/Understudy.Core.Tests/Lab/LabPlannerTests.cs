using System.Net;
using Understudy.Core.Config;
using Understudy.Core.Lab;

namespace Understudy.Core.Tests.Lab;

public sealed class LabPlannerTests
{
    private static readonly RootNetwork[] Machine =
    [
        new(IPNetwork.Parse("192.0.2.0/24"), "address 192.0.2.2/24 on eth0"),
        new(IPNetwork.Parse("127.0.0.0/8"), "address 127.0.0.1/8 on lo"),
    ];

    internal static ClusterConfig Config(string nodes, string roles = "")
    {
        var result = ClusterFileParser.Parse($"cluster:\n  name: lab-x\n  key: lab-test-key-0123456789\nnodes:\n{nodes}{roles}", "test.yaml", "/tmp");
        Assert.True(result.IsValid, string.Join("\n", result.Errors.ToArray()));
        return result.Config!;
    }

    private const string ThreeNodes = "  - name: alpha\n    address: 10.77.0.1\n  - name: bravo\n    address: 10.77.0.2\n  - name: charlie\n    address: 10.77.0.3\n";

    private const string RoleAddress = "roles:\n  - name: kv\n    resources:\n      - name: ip\n        type: address\n        address: {0}\n        prefixLength: 24\n        interface: {1}\n";

    private const string VmRole = "roles:\n  - name: web\n    resources:\n      - name: web-vm\n        type: vm\n        driver: process\n        address: {0}\n";

    [Fact]
    public void Plan_NetworkedVm_EveryHostsNamespaceForItRemovedWithTheLab_CabledToTheSwitch()
    {
        var plan = LabPlanner.Plan(Config(ThreeNodes, string.Format(System.Globalization.CultureInfo.InvariantCulture, VmRole, "10.77.0.30")), Machine).Plan!;

        Assert.Equal(new Core.Vms.Network.VmBridge("br0", "ul.lab-x.switch"), plan.VmBridge);
        var vm = new Core.Vms.VmSettings { Name = "web-vm", Driver = Core.Vms.VmDriverKind.Process, Address = IPAddress.Parse("10.77.0.30") };
        Assert.Equal(plan.Hosts.Select(h => Core.Vms.Network.VmCable.For(h.Name, vm, plan.VmBridge).Namespace), plan.VmNamespaces);
    }

    [Theory]
    [InlineData("10.78.0.30", "is not on the lab's LAN 10.77.0.0/24")]
    [InlineData("10.77.0.2", "already a node's")]
    public void Plan_VmAddressOffTheLanOrTaken_Refused(string address, string message)
    {
        var result = LabPlanner.Plan(Config(ThreeNodes, string.Format(System.Globalization.CultureInfo.InvariantCulture, VmRole, address)), Machine);

        Assert.Null(result.Plan);
        Assert.Contains(result.Errors, e => e.StartsWith("role web VM web-vm: address", StringComparison.Ordinal) && e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_ThreeNodes_HostsPortsAndClient()
    {
        var plan = LabPlanner.Plan(Config(ThreeNodes), Machine).Plan!;

        Assert.Equal(IPNetwork.Parse("10.77.0.0/24"), plan.Lan);
        Assert.Equal(["ul.lab-x.host.alpha", "ul.lab-x.host.bravo", "ul.lab-x.host.charlie", "ul.lab-x.client", "ul.lab-x.switch"], plan.Namespaces.ToArray());
        Assert.Equal(["p0", "p1", "p2"], plan.Hosts.Select(h => h.Port));
        Assert.Equal(IPAddress.Parse("10.77.0.2"), plan.Find("bravo")!.Address);
        Assert.Equal(new LabHost("client", "ul.lab-x.client", "pc", IPAddress.Parse("10.77.0.250")), plan.Client);
        Assert.Same(plan.Client, plan.Find("client"));
        Assert.Null(plan.Find("delta"));
        Assert.Equal("lab 'lab-x' has no host 'delta'; expected one of: alpha, bravo, charlie, client", plan.UnknownHost("delta"));
    }

    [Fact]
    public void Plan_ClientAddressTaken_NextOneDown()
    {
        var plan = LabPlanner.Plan(Config(ThreeNodes, string.Format(RoleAddress, "10.77.0.250", "eth0")), Machine).Plan!;

        Assert.Equal(IPAddress.Parse("10.77.0.249"), plan.Client.Address);
    }

    [Fact]
    public void Plan_LoopbackNodes_NamesEachNodeAndAnExample()
    {
        var errors = LabPlanner.Plan(Config("  - name: alpha\n    address: 127.0.0.11\n"), Machine).Errors.ToArray();

        Assert.Equal(["node alpha: address 127.0.0.11 is loopback; a host lab needs private LAN addresses such as 10.77.0.1 (examples/hosts.yaml)"], errors);
    }

    [Fact]
    public void Plan_PublicAddress_Refused() =>
        Assert.Equal(
            ["node alpha: address 8.8.8.8 is not in a private range (10/8, 172.16/12, 192.168/16); a host lab needs private LAN addresses such as 10.77.0.1 (examples/hosts.yaml)"],
            LabPlanner.Plan(Config("  - name: alpha\n    address: 8.8.8.8\n"), Machine).Errors.ToArray());

    [Fact]
    public void Plan_LanOfMachine_RefusedNamingTheMachinesNetwork()
    {
        var errors = LabPlanner.Plan(Config("  - name: alpha\n    address: 192.168.2.7\n"), [new(IPNetwork.Parse("192.168.0.0/16"), "route 192.168.0.0/16 dev eth1")]).Errors.ToArray();

        Assert.Equal(["the lab's LAN 192.168.2.0/24 overlaps 192.168.0.0/16 (route 192.168.0.0/16 dev eth1) of this machine; give the nodes addresses in another private /24 that this machine does not use"], errors);
    }

    [Fact]
    public void Plan_PrivateLanOfMachine_Refused()
    {
        var errors = LabPlanner.Plan(Config(ThreeNodes), [new(IPNetwork.Parse("10.77.0.128/25"), "address 10.77.0.130/25 on eth1")]).Errors.ToArray();

        Assert.Single(errors);
        Assert.StartsWith("the lab's LAN 10.77.0.0/24 overlaps 10.77.0.128/25", errors[0]);
    }

    [Fact]
    public void Plan_NodesOnTwoLans_RefusedNamingTheNode() =>
        Assert.Equal(
            ["node bravo: address 10.78.0.2 is not on the LAN 10.77.0.0/24 of node alpha; the lab is one /24, put every node in it"],
            LabPlanner.Plan(Config("  - name: alpha\n    address: 10.77.0.1\n  - name: bravo\n    address: 10.78.0.2\n"), Machine).Errors.ToArray());

    [Fact]
    public void Plan_NodeNamedClient_Refused() =>
        Assert.Equal(
            ["node name 'client' is the lab's client; rename the node"],
            LabPlanner.Plan(Config("  - name: client\n    address: 10.77.0.1\n"), Machine).Errors.ToArray());

    [Fact]
    public void Plan_RoleAddressOffLanOrInterface_EveryProblemAtOnce()
    {
        var errors = LabPlanner.Plan(Config(ThreeNodes, string.Format(RoleAddress, "10.9.0.5", "ens3")), Machine).Errors.ToArray();

        Assert.Equal(
            [
                "role kv resource ip: interface 'ens3' does not exist on a lab host; use interface: eth0",
                "role kv resource ip: address 10.9.0.5 is not on the lab's LAN 10.77.0.0/24; pick one there",
            ],
            errors);
    }

    [Fact]
    public void Plan_RoleAddressOfANode_Refused() =>
        Assert.Equal(
            ["role kv resource ip: address 10.77.0.2 is already a node's or another role's; pick a free one"],
            LabPlanner.Plan(Config(ThreeNodes, string.Format(RoleAddress, "10.77.0.2", "eth0")), Machine).Errors.ToArray());

    private const string Nlb = "nlb:\n  address: {0}\n  rules:\n    - name: web\n      ports: 8080\n      protocol: http\n      targetPort: 9080\n";

    [Fact]
    public void Plan_DistributedClusterAddressOfARole_RefusedNamingTheKey() =>
        Assert.Equal(
            ["nlb.address: 10.77.0.100 is already in use on the LAN (a node's or a role's address); pick a free one"],
            LabPlanner.Plan(Config(ThreeNodes, string.Format(RoleAddress, "10.77.0.100", "eth0") + string.Format(Nlb, "10.77.0.100")), Machine).Errors.ToArray());

    [Fact]
    public void Plan_DistributedClusterAddressOffTheLan_Refused() =>
        Assert.Equal(
            ["nlb.address: 10.99.0.100 is not on the lab's LAN 10.77.0.0/24; every host receives it there, pick one on the LAN"],
            LabPlanner.Plan(Config(ThreeNodes, string.Format(Nlb, "10.99.0.100")), Machine).Errors.ToArray());

    [Fact]
    public void Plan_DistributedClusterAddress_NotGivenToTheClient() =>
        Assert.NotEqual("10.77.0.250", LabPlanner.Plan(Config(ThreeNodes, string.Format(Nlb, "10.77.0.250")), Machine).Plan!.Client.Address.ToString());

    [Fact]
    public void Plan_LoopbackRoleAddress_NotChecked() =>
        Assert.Empty(LabPlanner.Plan(Config(ThreeNodes, string.Format(RoleAddress, "127.0.0.5", "lo")), Machine).Errors.ToArray());

    [Theory]
    [InlineData("10.0.0.0/8", "10.77.0.0/24", true)]
    [InlineData("10.77.0.0/24", "10.77.0.128/25", true)]
    [InlineData("10.77.1.0/24", "10.77.0.0/24", false)]
    [InlineData("::/0", "10.77.0.0/24", false)]
    public void Overlaps_Prefixes(string a, string b, bool expected) =>
        Assert.Equal(expected, LabPlanner.Overlaps(IPNetwork.Parse(a), IPNetwork.Parse(b)));
}
