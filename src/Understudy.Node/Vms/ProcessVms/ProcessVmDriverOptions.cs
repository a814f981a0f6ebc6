using System.Net;
using Understudy.Core.Vms.Network;

namespace Understudy.Node.Vms.ProcessVms;

/// <summary>Settings of one host's process-VM driver.</summary>
public sealed record ProcessVmDriverOptions
{
    /// <summary>This host's VM folder: one sub-folder per VM. Required.</summary>
    public required string RootDirectory { get; init; }

    /// <summary>Starts the guest agent (<c>understudy agent run</c>). Required.</summary>
    public required AgentLauncher Agent { get; init; }

    /// <summary>The root of the guest agents' keys (<see cref="Core.Security.ClusterKeys.GuestAgentKey"/>);
    /// each VM gets its own key derived from it. Required.</summary>
    public required ReadOnlyMemory<byte> GuestAgentKey { get; init; }

    /// <summary>Where this host listens for its VMs' heartbeats (one UDP port per VM). Default 127.0.0.1.</summary>
    public IPAddress HostAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The VM's own loopback address. Default <see cref="ProcessVmAddresses.ForName"/>: the
    /// same on every host, as a real VM keeps its address when it moves.</summary>
    public Func<string, IPAddress> AddressOf { get; init; } = ProcessVmAddresses.ForName;

    /// <summary>The host's lease file, or null. When set, each VM's agent runs under
    /// <c>understudy guard</c> watching it, so a VM dies with its host's lease as a real VM dies
    /// with its host: a process VM otherwise leads its own session and would outlive a host killed
    /// with SIGKILL. Set by nodes that run VMs as roles; default null (the VM layer on its own).</summary>
    public string? LeaseFile { get; init; }

    /// <summary>This host's name, from which a networked VM's namespace and port names are derived
    /// (<see cref="VmCable.For"/>). Default "host".</summary>
    public string HostName { get; init; } = "host";

    /// <summary>The bridge this host plugs networked process VMs (those with an address) into, or
    /// null: then a VM with an address is refused and a VM without one shares the host's network
    /// stack. Nodes read it from <c>UNDERSTUDY_VM_BRIDGE</c> (<see cref="VmBridge.Parse"/>); the host
    /// lab sets it to its switch.</summary>
    public VmBridge? Bridge { get; init; }

    /// <summary>Why <c>UNDERSTUDY_VM_BRIDGE</c> could not be read, or null; a VM with an address is then refused with it.</summary>
    public string? BridgeProblem { get; init; }

    /// <summary>The clock for waits. Default the system's.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the driver says what a VM cannot isolate (a VM on the host's own stack), or null.</summary>
    public Microsoft.Extensions.Logging.ILogger? Log { get; init; }
}
