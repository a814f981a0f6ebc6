using Understudy.Node.Tests.Harness;
using Understudy.Node.Vms;
using Understudy.Node.Vms.ProcessVms;

namespace Understudy.Node.Tests.Vms;

[Collection(ProcessCollection.Name)]
public sealed class ProcessVmDriverTests : VmDriverContract
{
    private protected override (IVmDriver? Driver, string? Skip) CreateDriver(string hostDirectory) =>
        (new ProcessVmDriver(new ProcessVmDriverOptions { RootDirectory = hostDirectory, Agent = VmTestBed.Agent, GuestAgentKey = VmTestBed.Keys.GuestAgentKey }), null);
}
