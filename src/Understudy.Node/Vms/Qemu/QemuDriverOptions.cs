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

    /// <summary>The host's lease file, or null. When set, every QEMU (incoming ones too) runs under
    /// the lease guard watching it (<c>setsid GUARD … -- qemu-system-x86_64 …</c>), so a VM dies with
    /// its host's lease as it would die with a real host. Set by nodes; default null (the VM layer on its own).</summary>
    public string? LeaseFile { get; init; }

    /// <summary>How to start <c>understudy</c>, for the .NET guard where the native one was not built.
    /// Required with <see cref="LeaseFile"/> only when the native guard is missing.</summary>
    public AgentLauncher? Understudy { get; init; }

    /// <summary>The address an incoming QEMU listens on for a live migration. Default 127.0.0.1;
    /// nodes use their own address, which the source host can reach.</summary>
    public string IncomingAddress { get; init; } = "127.0.0.1";
}
