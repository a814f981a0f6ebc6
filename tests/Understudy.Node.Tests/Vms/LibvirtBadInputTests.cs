using Understudy.Core.Vms;
using Understudy.Node.Vms.Libvirt;

namespace Understudy.Node.Tests.Vms;

/// <summary>What the libvirt driver says about bad input: each a clear error, nothing started.</summary>
[Collection(QemuCollection.Name)]
public sealed class LibvirtBadInputTests(QemuGuest guest) : IAsyncLifetime
{
    private readonly VmTestBed _bed = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task NoLibvirtd_UnavailableSaysHowToStartIt_StartRefused()
    {
        using var driver = new LibvirtVmDriver(LibvirtVmDriverTests.Options(_bed.HostDirectory("a"), guest.ImageDirectory) with { Uri = "qemu+unix:///system?socket=/nonexistent/libvirt-sock" }, TimeProvider.System);

        if (driver.Unavailable is { } missing && missing.StartsWith("libvirt is not installed", StringComparison.Ordinal))
        {
            // Without libvirt's library there is no client to refuse the connection.
            Assert.Skip(missing);
        }

        Assert.Contains("cannot connect to libvirtd", driver.Unavailable, StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => driver.StartAsync(Settings("nod", "<domain type='qemu'><name>us-nod</name></domain>")));
        Assert.Contains("libvirtd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task XmlLibvirtRefuses_ErrorQuotesLibvirt()
    {
        using var driver = Driver();
        var xml = BusyboxDomain.Xml("us-refused", guest.ImageDirectory, disk: "/tmp/none.raw").Replace("bus='virtio'", "bus='nonsense'", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<LibvirtException>(() => driver.StartAsync(Settings("refused", xml)));

        Assert.Contains("libvirt refused the XML of domain us-refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("nonsense", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiskOffSharedStorage_RefusedBeforeLibvirt()
    {
        using var driver = Driver();
        var settings = Settings("offnfs", BusyboxDomain.Xml("us-offnfs", guest.ImageDirectory, disk: "/var/tmp/local.raw")) with { SharedStorage = "/srv/nfs" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => driver.StartAsync(settings));

        Assert.Contains("disk vda (/var/tmp/local.raw) is not on the shared storage /srv/nfs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_NoSuchDomain_SaysSo()
    {
        if (LibvirtDaemon.Skip is { } skip)
        {
            Assert.Skip(skip);
        }

        var error = Assert.Throws<InvalidOperationException>(() => LibvirtVmDriver.ReadDomainXml(LibvirtDaemon.Uri, "us-never-defined"));
        Assert.Contains("has no domain named 'us-never-defined'", error.Message, StringComparison.Ordinal);
    }

    private LibvirtVmDriver Driver()
    {
        if ((guest.Skip ?? LibvirtDaemon.Skip) is { } skip)
        {
            Assert.Skip(skip);
        }

        return new LibvirtVmDriver(LibvirtVmDriverTests.Options(_bed.HostDirectory("a"), guest.ImageDirectory), TimeProvider.System);
    }

    private static VmSettings Settings(string name, string xml) => new() { Name = name, Driver = VmDriverKind.Libvirt, Domain = "us-" + name, DomainXml = xml };
}
