using System.Diagnostics;
using Understudy.Node.Resources;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Lab;

/// <summary>
/// Both lease guards holding an address (<c>--address</c>), as real processes in a network
/// namespace of their own: the address is there only while the lease lasts — fenced as a
/// workload is.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class AddressGuardTests : IDisposable
{
    private const string Address = "10.77.0.100/24";
    private readonly string _root = Directory.CreateTempSubdirectory("understudy-address-guard-").FullName;

    public static TheoryData<string> Guards => new() { "native", "dotnet" };

    [Theory]
    [MemberData(nameof(Guards))]
    public async Task LeaseRunsOut_AddressRemovedAndLeaseExpiredCode(string guardKind)
    {
        using var ns = Namespace();
        using var guard = StartGuard(ns, guardKind, WriteLease(TimeSpan.FromSeconds(3)));

        await Eventually.GetAsync(() => Task.FromResult<string?>(ns.Addresses("v0").Contains(Address) ? "held" : null), _ => true, $"{Address} on v0");

        Assert.Equal(LeaseGuard.LeaseExpiredExitCode, await ExitCodeAsync(guard));
        Assert.DoesNotContain(Address, ns.Addresses("v0"));
        Assert.Contains("lease expired", File.ReadAllText(Path.Combine(_root, "log")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Guards))]
    public async Task SigTerm_AddressRemovedAndExitZero(string guardKind)
    {
        using var ns = Namespace();
        using var guard = StartGuard(ns, guardKind, WriteLease(TimeSpan.FromHours(1)));
        await Eventually.GetAsync(() => Task.FromResult<string?>(ns.Addresses("v0").Contains(Address) ? "held" : null), _ => true, $"{Address} on v0");

        Signals.Terminate(guard.Id);

        Assert.Equal(0, await ExitCodeAsync(guard));
        Assert.DoesNotContain(Address, ns.Addresses("v0"));
    }

    [Theory]
    [MemberData(nameof(Guards))]
    public async Task NoLease_AddressNeverAdded(string guardKind)
    {
        using var ns = Namespace();
        using var guard = StartGuard(ns, guardKind, Path.Combine(_root, "no-such-lease"));

        Assert.Equal(LeaseGuard.LeaseExpiredExitCode, await ExitCodeAsync(guard));
        Assert.DoesNotContain(Address, ns.Addresses("v0"));
    }

    [Theory]
    [MemberData(nameof(Guards))]
    public async Task NoSuchDevice_FailsSayingSo(string guardKind)
    {
        using var ns = Namespace();
        using var guard = StartGuard(ns, guardKind, WriteLease(TimeSpan.FromHours(1)), device: "nope0");

        Assert.Equal(1, await ExitCodeAsync(guard));
        Assert.Contains("no interface nope0", File.ReadAllText(Path.Combine(_root, "log")), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static NetworkNamespace Namespace()
    {
        Requires.Root("a network namespace of its own");
        Requires.Command("ip", "iproute2");
        return NetworkNamespace.Create();
    }

    private string WriteLease(TimeSpan from) => GuardProcesses.WriteLease(_root, from);

    private Process StartGuard(NetworkNamespace ns, string kind, string lease, string device = "v0") =>
        ns.Start([.. GuardProcesses.Program(kind), "--lease-file", lease, "--log", Path.Combine(_root, "log"), "--address", Address, "--device", device]);

    private static Task<int> ExitCodeAsync(Process guard) => GuardProcesses.ExitCodeAsync(guard);
}
