using Understudy.Core.Vms;
using Understudy.Node.Vms;
using Understudy.Node.Vms.Libvirt;

namespace Understudy.Node.Tests.Vms;

/// <summary>The VM driver contract, run against real libvirt domains (domain type qemu: TCG) that boot the busybox guest.</summary>
[Collection(QemuCollection.Name)]
public sealed class LibvirtVmDriverTests(QemuGuest guest) : VmDriverContract
{
    private protected override (IVmDriver? Driver, string? Skip) CreateDriver(string hostDirectory)
    {
        if ((guest.Skip ?? LibvirtDaemon.Skip) is { } skip)
        {
            return (null, skip);
        }

        return (Bed.Own(new DisposableDriver(Options(hostDirectory, guest.ImageDirectory))).Driver, null);
    }

    private protected override VmSettings ForDriver(VmSettings settings) => settings with
    {
        Driver = VmDriverKind.Libvirt,
        Domain = "us-" + settings.Name,
        DomainXml = BusyboxDomain.Xml("us-" + settings.Name, guest.ImageDirectory),
    };

    internal static LibvirtDriverOptions Options(string hostDirectory, string imageDirectory) => new()
    {
        RootDirectory = hostDirectory,
        GuestAgentKey = VmTestBed.Keys.GuestAgentKey,
        GuestImageDirectory = imageDirectory,
        UndefineWhenStopped = true,
    };

    /// <summary>Closes the driver's libvirt connection when the test ends.</summary>
    internal sealed class DisposableDriver(LibvirtDriverOptions options) : IAsyncDisposable
    {
        public LibvirtVmDriver Driver { get; } = new(options, TimeProvider.System);

        public ValueTask DisposeAsync()
        {
            Driver.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
