using System.Buffers;
using System.Net;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Tests.Failover;
using Understudy.Core.Vms;
using Understudy.Core.Vms.Network;

namespace Understudy.Core.Tests.Vms;

public sealed class VmNetworkTests
{
    private static readonly VmBridge Switch = new("br0", "ul.lab.switch");

    private static VmSettings Vm(string name = "web", string? address = "10.77.0.30") =>
        new() { Name = name, Driver = VmDriverKind.Process, Address = address is null ? null : IPAddress.Parse(address) };

    [Theory]
    [InlineData("br0", "br0", null)]
    [InlineData("ul.lab.switch:br0", "br0", "ul.lab.switch")]
    public void Bridge_Parse_BridgeAndNamespace(string text, string bridge, string? ns)
    {
        var (parsed, error) = VmBridge.Parse(text);

        Assert.Null(error);
        Assert.Equal(new VmBridge(bridge, ns), parsed);
        Assert.Equal(text, parsed!.ToString());
    }

    [Theory]
    [InlineData("", "not an interface name")]
    [InlineData("a:b:c", "more than one ':'")]
    [InlineData("ns:averyveryverylongname", "not an interface name")]
    [InlineData("ns/x:br0", "not a network namespace name")]
    [InlineData(":br0", "not a network namespace name")]
    public void Bridge_Parse_BadText_SaysWhatIsWrong(string text, string message)
    {
        var (parsed, error) = VmBridge.Parse(text);

        Assert.Null(parsed);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains(VmBridge.Variable, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cable_NamesDerivedFromHostAndVm_StableAndWithinInterfaceLimits()
    {
        var a = VmCable.For("alpha", Vm(), Switch);

        Assert.Equal(a, VmCable.For("alpha", Vm(), Switch));
        Assert.Matches("^usvm-[0-9a-f]{10}$", a.Namespace);
        Assert.Matches("^uv[0-9a-f]{10}$", a.Port);
        Assert.True(a.Port.Length <= VmBridge.MaxInterfaceName);
        Assert.Equal((IPAddress.Parse("10.77.0.30"), 24, Switch), (a.Address, a.PrefixLength, a.Bridge));
    }

    [Fact]
    public void Cable_SameVmOnTwoHosts_DistinctNames()
    {
        // A hung VM's namespace on one host still exists while another host starts the VM.
        var a = VmCable.For("alpha", Vm(), Switch);
        var b = VmCable.For("bravo", Vm(), Switch);

        Assert.NotEqual(a.Namespace, b.Namespace);
        Assert.NotEqual(a.Port, b.Port);
        Assert.NotEqual(a.Port, VmCable.For("alpha", Vm("db"), Switch).Port);
    }

    [Fact]
    public void Cable_VmWithoutAddress_Refused() =>
        Assert.Throws<ArgumentException>(() => VmCable.For("alpha", Vm(address: null), Switch));

    [Theory]
    [InlineData(VmDriverKind.Qemu, "10.0.0.5", 24, "address", "process VMs only")]
    [InlineData(VmDriverKind.Process, "127.0.0.5", 24, "address", "not a LAN address")]
    [InlineData(VmDriverKind.Process, "10.0.0.5", 33, "prefixLength", "expected 1..32")]
    public void Rules_BadAddress_Named(VmDriverKind driver, string address, int prefix, string setting, string message)
    {
        var problems = VmSettingsRules.Problems(Vm() with { Driver = driver, Address = IPAddress.Parse(address), PrefixLength = prefix });

        var problem = Assert.Single(problems);
        Assert.Equal(setting, problem.Setting);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_ProcessVmWithLanAddress_Valid() => Assert.Empty(VmSettingsRules.Problems(Vm()));

    // The address is in the role's definition, which the database replicates: it must survive
    // the codec (System.Text.Json cannot write an IPAddress by itself; this once stopped every
    // commit of the leader).
    [Fact]
    public void RoleWithVmAddress_RoundTripsThroughTheDatabaseCodec()
    {
        var role = Roles.Role("web") with
        {
            Resources = [new ResourceDefinition { Name = "web", Kind = ResourceKind.Vm, Vm = new VmSpec(Vm(), Monitoring: true) }],
        };
        var bytes = CommandCodec.Encode(new RoleDefined(Roles.T0, role, "test"));

        var decoded = Assert.IsType<RoleDefined>(CommandCodec.Decode(new ReadOnlySequence<byte>(bytes)));

        Assert.Equal(IPAddress.Parse("10.77.0.30"), decoded.Definition.Resources[0].Vm!.Settings.Address);
        Assert.Equal(24, decoded.Definition.Resources[0].Vm!.Settings.PrefixLength);
    }
}
