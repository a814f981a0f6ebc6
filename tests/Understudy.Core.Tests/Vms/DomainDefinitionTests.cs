using Understudy.Core.Vms;
using Understudy.Core.Vms.Libvirt;

namespace Understudy.Core.Tests.Vms;

public sealed class DomainDefinitionTests
{
    private const string Xml = """
        <domain type='qemu'>
          <name>web</name>
          <uuid>5a1c7e0e-1111-2222-3333-444455556666</uuid>
          <devices>
            <disk type='file' device='disk'><source file='/srv/nfs/web.qcow2'/><target dev='vda'/></disk>
            <disk type='file' device='cdrom'><source file='/iso/debian.iso'/><target dev='hdc'/><readonly/></disk>
            <serial type='file'><source path='${vmDir}/console.log'/></serial>
            <serial type='unix'><source mode='bind' path='${vmDir}/hb.sock'/></serial>
          </devices>
        </domain>
        """;

    [Fact]
    public void Prepare_SameName_KeepsUuid_SubstitutesVmDir_FindsDisksAndSockets()
    {
        var (plan, problems) = DomainDefinition.Prepare(Xml, "web", "web", "/data/vms/web", "/srv/nfs");

        Assert.Empty(problems);
        Assert.Equal("web", plan!.Name);
        Assert.Contains("5a1c7e0e", plan.Xml, StringComparison.Ordinal);
        Assert.DoesNotContain("${vmDir}", plan.Xml, StringComparison.Ordinal);
        Assert.Equal(["/srv/nfs/web.qcow2"], plan.WritableDisks.ToArray());
        Assert.Equal("/data/vms/web/hb.sock", plan.HeartbeatSocket);
        Assert.Equal("/data/vms/web/console.log", plan.ConsoleLog);
    }

    [Fact]
    public void Prepare_HostPrefix_RenamesAndDropsUuid()
    {
        var (plan, _) = DomainDefinition.Prepare(Xml, "web", "n1-web", "/d", null);

        Assert.Contains("<name>n1-web</name>", plan!.Xml, StringComparison.Ordinal);
        Assert.DoesNotContain("uuid", plan.Xml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<domain type='qemu'><name>db</name></domain>", "is of domain 'db', not 'web'")]
    [InlineData("<network><name>web</name></network>", "root element is <network>, not <domain>")]
    [InlineData("<domain><name>web</name></domain>", "has no type")]
    [InlineData("<domain type='qemu'><name>web</name>", "does not parse")]
    [InlineData("<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain type='qemu'><name>&x;</name></domain>", "does not parse")]
    public void Prepare_BadXml_SaysWhat(string xml, string expected)
    {
        var (plan, problems) = DomainDefinition.Prepare(xml, "web", "web", "/d", null);

        Assert.Null(plan);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Prepare_DiskOffSharedStorage_NamesTheDisk()
    {
        var (plan, problems) = DomainDefinition.Prepare(Xml, "web", "web", "/d", "/mnt/other");

        Assert.Null(plan);
        Assert.Equal(["disk vda (/srv/nfs/web.qcow2) is not on the shared storage /mnt/other: move it there (every host must reach the same file)"], problems.ToArray());
    }

    [Theory]
    [InlineData("/srv/nfs/a.raw", "/srv/nfs", true)]
    [InlineData("/srv/nfs/", "/srv/nfs", false)]
    [InlineData("/srv/nfsx/a.raw", "/srv/nfs", false)]
    [InlineData("/srv/nfs/../etc/a.raw", "/srv/nfs", false)]
    [InlineData("srv/nfs/a.raw", "/srv/nfs", false)]
    public void IsInside_Cases(string file, string folder, bool inside) => Assert.Equal(inside, DomainDefinition.IsInside(file, folder));

    [Fact]
    public void Rules_LibvirtWithoutDomainOrXml_BothNamed()
    {
        var problems = VmSettingsRules.Problems(new VmSettings { Name = "web", Driver = VmDriverKind.Libvirt });

        Assert.Contains(problems, p => p.Setting == "domain");
        Assert.Contains(problems, p => p.Setting == "domainXml");
    }

    [Fact]
    public void Rules_DomainOnQemuVm_Refused() =>
        Assert.Contains(VmSettingsRules.Problems(new VmSettings { Name = "web", Driver = VmDriverKind.Qemu, Domain = "web" }), p => p.Setting == "domain");
}
