using Understudy.Core.Vms;

namespace Understudy.Node.Vms.Qemu;

/// <summary>Settings of one host's QEMU driver.</summary>
public sealed record QemuDriverOptions
{
    /// <summary>This host's VM folder: one sub-folder per VM. Required.</summary>
    public required string RootDirectory { get; init; }

    /// <summary>The built guest image folder (<c>tools/vm/build-guest.sh</c>). Required.</summary>
    public required string GuestImageDirectory { get; init; }

    /// <summary>The root of the guest agents' keys; each VM gets its own key derived from it. Required.</summary>
    public required ReadOnlyMemory<byte> GuestAgentKey { get; init; }

    /// <summary>The QEMU binary. Default <c>qemu-system-x86_64</c> from PATH.</summary>
    public string QemuBinary { get; init; } = "qemu-system-x86_64";

    /// <summary>KVM, software emulation, or KVM only where a probe guest heartbeats. Default <see cref="Acceleration.Auto"/>.</summary>
    public Acceleration Acceleration { get; init; } = Acceleration.Auto;

    /// <summary>How long a probe guest may take to heartbeat under KVM before KVM counts as broken.
    /// Default 10 s: a working KVM boots this guest in about a second, software emulation in about 4.</summary>
    public TimeSpan KvmProbeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the probe verdict is remembered across processes. Default <c>kvm-probe</c> in the guest image folder.</summary>
    public string? KvmProbeFile { get; init; }
}
