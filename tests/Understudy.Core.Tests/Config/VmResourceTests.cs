using Understudy.Core.Failover;
using Understudy.Core.Vms;

namespace Understudy.Core.Tests.Config;

public sealed class VmResourceTests
{
    private const string Web = """
        roles:
          - name: web
            resources:
              - name: web-vm
                type: vm
                driver: process
                cpus: 2
                memory: 256
                workload: "exec httpd -f -p 8080"
                services:
                  - name: httpd
                    check: "pidof httpd"
                monitoring: off
        """;

    [Fact]
    public void Parse_VmResource_ReadsEverySetting()
    {
        var result = ClusterYaml.Parse(ClusterYaml.Valid + Web);

        Assert.Empty(result.Errors);
        var resource = Assert.Single(Assert.Single(result.Config!.Roles).Resources);
        Assert.Equal(ResourceKind.Vm, resource.Kind);
        var vm = resource.Vm!;
        Assert.False(vm.Monitoring);
        Assert.Equal(("web-vm", VmDriverKind.Process, 2, 256), (vm.Settings.Name, vm.Settings.Driver, vm.Settings.Cpus, vm.Settings.MemoryMb));
        Assert.Equal("exec httpd -f -p 8080", vm.Settings.Workload);
        Assert.Equal(new GuestService("httpd", "pidof httpd"), Assert.Single(vm.Settings.Services));
    }

    [Fact]
    public void Parse_VmResourceWithoutMonitoringKey_MonitoringOnAndAutoDriver()
    {
        var yaml = Web.Replace("\n        monitoring: off", "", StringComparison.Ordinal).Replace("        driver: process\n", "", StringComparison.Ordinal);

        var vm = Assert.Single(Assert.Single(ClusterYaml.Parse(ClusterYaml.Valid + yaml).Config!.Roles).Resources).Vm!;

        Assert.True(vm.Monitoring);
        Assert.Equal(VmDriverKind.Auto, vm.Settings.Driver);
    }

    [Fact]
    public void Parse_SameVmNameInTwoRoles_Reported()
    {
        var yaml = Web + "\n" + Web["roles:\n".Length..].Replace("- name: web\n", "- name: web2\n", StringComparison.Ordinal);

        ClusterYaml.AssertError(ClusterYaml.Parse(ClusterYaml.Valid + yaml), "roles[1].resources", "unique in the cluster");
    }

    [Fact]
    public void Parse_WorkloadWithClusterDir_ReplacedWithTheFilesFolder()
    {
        var yaml = Web.Replace("exec httpd -f -p 8080", "exec understudy node run -f ${clusterDir}/guest.yaml", StringComparison.Ordinal);

        var vm = Assert.Single(Assert.Single(ClusterYaml.Parse(ClusterYaml.Valid + yaml).Config!.Roles).Resources).Vm!;

        Assert.Equal("exec understudy node run -f /etc/understudy/guest.yaml", vm.Settings.Workload);
    }

    [Fact]
    public void Parse_VmAddress_ReadWithItsPrefix()
    {
        var yaml = Web.Replace("cpus: 2", "address: 10.77.0.30\n        prefixLength: 16\n        cpus: 2", StringComparison.Ordinal);

        var vm = Assert.Single(Assert.Single(ClusterYaml.Parse(ClusterYaml.Valid + yaml).Config!.Roles).Resources).Vm!;

        Assert.Equal((System.Net.IPAddress.Parse("10.77.0.30"), 16), (vm.Settings.Address, vm.Settings.PrefixLength));
    }

    [Theory]
    [InlineData("cpus: 2", "address: ten.0.0.1", "roles[0].resources[0].address", "not an IP address")]
    [InlineData("cpus: 2", "address: 127.0.0.9", "roles[0].resources[0].address", "not a LAN address")]
    [InlineData("driver: process", "driver: qemu\n        address: 10.0.0.9", "roles[0].resources[0].address", "process VMs only")]
    [InlineData("driver: process", "driver: vmware", "roles[0].resources[0].driver", "'vmware' is not a VM driver")]
    [InlineData("monitoring: off", "monitoring: sometimes", "roles[0].resources[0].monitoring", "expected on or off")]
    [InlineData("memory: 256", "memory: 16", "roles[0].resources[0].memory", "out of range")]
    [InlineData("cpus: 2", "cpus: 0", "roles[0].resources[0].cpus", "out of range")]
    [InlineData("name: httpd", "name: \"bad name\"", "roles[0].resources[0].services[0].name", "characters")]
    [InlineData("check: \"pidof httpd\"", "kind: x", "roles[0].resources[0].services[0].kind", "")]
    [InlineData("name: web-vm", "name: web.vm", "roles[0].resources[0].name", "")]
    public void Parse_BadVmSetting_ReportedWithItsPath(string good, string bad, string path, string message)
    {
        var result = ClusterYaml.Parse(ClusterYaml.Valid + Web.Replace(good, bad, StringComparison.Ordinal));

        ClusterYaml.AssertError(result, path, message);
    }
}
