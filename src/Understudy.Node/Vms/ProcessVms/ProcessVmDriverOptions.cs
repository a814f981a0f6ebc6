using System.Net;

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
}
