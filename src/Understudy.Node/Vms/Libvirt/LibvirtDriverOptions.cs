namespace Understudy.Node.Vms.Libvirt;

/// <summary>Settings of one host's libvirt driver.</summary>
public sealed record LibvirtDriverOptions
{
    /// <summary>This host's VM folder: one sub-folder per VM (<c>${vmDir}</c> in a domain's XML). Required.</summary>
    public required string RootDirectory { get; init; }

    /// <summary>The root of the guest agents' keys, for domains that boot Understudy's own guest image. Required.</summary>
    public required ReadOnlyMemory<byte> GuestAgentKey { get; init; }

    /// <summary>The libvirtd to talk to. Default <c>qemu:///system</c>, the system daemon of Debian's
    /// libvirt-daemon-system, where virt-install, virt-manager and Cockpit put their domains.</summary>
    public string Uri { get; init; } = "qemu:///system";

    /// <summary>Understudy's guest image folder (<c>tools/vm/build-guest.sh</c>), or null. When set
    /// and built, each VM gets its own initramfs with the guest agent's settings and key at
    /// <c>${vmDir}/initramfs.gz</c>, which a domain booting that image names as its initrd. Default null.</summary>
    public string? GuestImageDirectory { get; init; }

    /// <summary>Put before the domain's name in this host's libvirtd. Default empty: the domain keeps
    /// its name, as one libvirtd per host has it. Several test hosts on one machine share one
    /// libvirtd; each then defines its own copy (<c>PREFIX+NAME</c>, without the original's UUID).</summary>
    public string DomainPrefix { get; init; } = "";

    /// <summary>The folder standing for the shared storage (NFS, a SAN file system) that every writable
    /// disk of a domain must be on, or null to not check. Default null.</summary>
    public string? SharedStorage { get; init; }

    /// <summary>Whether a stopped VM's definition is removed from this host's libvirtd. Default false:
    /// the domain stays defined (inactive, autostart off), as the user's tools expect to see it.</summary>
    public bool UndefineWhenStopped { get; init; }

    /// <summary>How often the domain's state is read to notice it ended. Default 100 ms, the VM
    /// resource's own poll (<c>VmInstance.Poll</c>); a read is about 1 ms through the C library.</summary>
    public TimeSpan StatePollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The host's lease file, or null. When set, a domain is started only under the lease
    /// guard (<see cref="DomainHolder"/>): the guard's <c>virsh</c> starts it with <c>--autodestroy</c>
    /// and stays connected, so the domain is destroyed when the lease ends. Set by nodes; default null.</summary>
    public string? LeaseFile { get; init; }

    /// <summary>How to start <c>understudy</c>, for the .NET guard where the native one was not built.</summary>
    public AgentLauncher? Understudy { get; init; }

    /// <summary>The <c>virsh</c> the lease fence runs. Default <c>virsh</c> from PATH (libvirt-clients).</summary>
    public string Virsh { get; init; } = "virsh";

    /// <summary>How long a domain may take to become active after its start was asked for. Default
    /// 60 s: QEMU itself starts in about a second, more on a busy 2-core machine.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where libvirtd writes each domain's QEMU pid file. Default <c>/run/libvirt/qemu</c> (qemu:///system).</summary>
    public string PidDirectory { get; init; } = "/run/libvirt/qemu";

    /// <summary>Where libvirtd writes each domain's QEMU log. Default <c>/var/log/libvirt/qemu</c>.</summary>
    public string LogDirectory { get; init; } = "/var/log/libvirt/qemu";
}
