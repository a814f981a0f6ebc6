using Understudy.Node.Vms;
using Understudy.Node.Vms.Qemu;

namespace Understudy.Node.Tests.Vms;

[Collection(QemuCollection.Name)]
public sealed class QemuVmDriverTests(QemuGuest guest) : VmDriverContract
{
    private protected override (IVmDriver? Driver, string? Skip) CreateDriver(string hostDirectory) =>
        guest.Skip is { } skip
            ? (null, skip)
            : (new QemuVmDriver(new QemuDriverOptions { RootDirectory = hostDirectory, GuestImageDirectory = guest.ImageDirectory, GuestAgentKey = VmTestBed.Keys.GuestAgentKey }, TimeProvider.System), null);
}
