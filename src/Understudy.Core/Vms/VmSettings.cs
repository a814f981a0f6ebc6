using System.Collections.Immutable;
using System.Net;

namespace Understudy.Core.Vms;

/// <summary>
/// One VM: what a host's VM driver boots and what VM monitoring watches. Validate with
/// <see cref="VmSettingsRules.Problems"/>; drivers refuse settings that have problems.
/// </summary>
public sealed record VmSettings
{
    /// <summary>VM name, 1..63 characters of <c>[A-Za-z0-9_-]</c> (it is the guest agent's heartbeat sender name).</summary>
    public required string Name { get; init; }

    /// <summary>Which driver runs it. Default <see cref="VmDriverKind.Auto"/>.</summary>
    public VmDriverKind Driver { get; init; } = VmDriverKind.Auto;

    /// <summary>The libvirt domain's name (driver <see cref="VmDriverKind.Libvirt"/> only), or null.</summary>
    public string? Domain { get; init; }

    /// <summary>The libvirt domain's XML (driver <see cref="VmDriverKind.Libvirt"/> only), as imported
    /// once from an existing domain (<c>understudy vm import</c>) or given in a file; every new owner
    /// defines the domain from it. At most <see cref="VmSettingsRules.MaxDomainXmlLength"/> characters.</summary>
    public string? DomainXml { get; init; }

    /// <summary>The file <see cref="DomainXml"/> is read from when the cluster file is loaded
    /// (<c>domainXml: FILE</c>, relative to the cluster file), or null.</summary>
    public string? DomainXmlFile { get; init; }

    /// <summary>The folder of the shared storage (an NFS or SAN mount every host has at the same path)
    /// that every writable disk of the libvirt domain must be on, or null to not check. A disk
    /// elsewhere would be a different disk on each host: the VM would lose its data when it moves.</summary>
    public string? SharedStorage { get; init; }

    /// <summary>Virtual CPUs (QEMU <c>-smp</c>). Default 1: the guest agent and a small workload need no more.</summary>
    public int Cpus { get; init; } = 1;

    /// <summary>Guest memory in MiB (QEMU <c>-m</c>). Default 128: the Debian kernel with a busybox
    /// initramfs boots in 64, and 128 leaves room for a workload; a live migration copies all of it.</summary>
    public int MemoryMb { get; init; } = 128;

    /// <summary>The VM's own address on its host's LAN (process VMs only), or null. With an address the
    /// process VM runs in a network namespace of its own, cabled to the host's VM bridge, so a hung or
    /// killed VM's address goes with it as a real VM's does (docs/vms.md, "Networked process VMs").
    /// Null (the default): the VM shares its host's network stack at a loopback address derived from
    /// its name, which isolates nothing.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(Addresses.AddressJsonConverter))]
    public IPAddress? Address { get; init; }

    /// <summary>The prefix length of <see cref="Address"/> on the LAN. Default 24.</summary>
    public int PrefixLength { get; init; } = 24;

    /// <summary>The guest's workload: a shell command started when the guest boots, or null for none.</summary>
    public string? Workload { get; init; }

    /// <summary>Services inside the guest whose failure is a VM failure. Default none.</summary>
    public ImmutableArray<GuestService> Services { get; init; } = [];

    /// <summary>How often the guest agent heartbeats. Default 250 ms, as node heartbeats.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Missed beats before a running VM is silent. Default 4 (1 s at 250 ms), as node heartbeats.</summary>
    public int HeartbeatThreshold { get; init; } = 4;

    /// <summary>How often the agent runs the service checks. Default 1 s: a check is a process start
    /// inside the guest, so it runs less often than the heartbeat.</summary>
    public TimeSpan ServiceCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a started VM may take to send its first heartbeat. Default 60 s: a QEMU
    /// guest under software emulation boots in about 4 s on an idle machine and several times
    /// that on a busy 2-core one.</summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Silence after which a running VM is silent: interval x threshold.</summary>
    public TimeSpan SilenceWindow => HeartbeatInterval * HeartbeatThreshold;
}
