using System.Collections.Immutable;
using System.Net;

namespace Understudy.Core.Lab;

/// <summary>What <c>understudy up --hosts</c> builds: one switch, one host per node, one client.</summary>
/// <param name="Names">The lab's names.</param>
/// <param name="Lan">The LAN's prefix, on every <c>eth0</c>.</param>
/// <param name="Hosts">The nodes' hosts in file order.</param>
/// <param name="Client">The client machine.</param>
public sealed record LabPlan(LabNames Names, IPNetwork Lan, ImmutableArray<LabHost> Hosts, LabHost Client)
{
    /// <summary>Every namespace of the lab, the switch last (hosts and client are plugged into it).</summary>
    public ImmutableArray<string> Namespaces => [.. Hosts.Select(h => h.Namespace), Client.Namespace, Names.Switch];

    /// <summary>The network namespaces the hosts may make for networked process VMs
    /// (<see cref="Vms.Network.VmCable"/>): removed with the lab, processes and all.</summary>
    public ImmutableArray<string> VmNamespaces { get; init; } = [];

    /// <summary>Where every host cables its networked process VMs: the switch's bridge, so a VM is a
    /// machine of its own on the LAN (docs/lab.md, "VMs on the lab").</summary>
    public Vms.Network.VmBridge VmBridge => new(LabNames.Bridge, Names.Switch);

    /// <summary>The host of node <paramref name="name"/>, the client for <see cref="LabNames.ClientName"/>, else null.</summary>
    public LabHost? Find(string name) =>
        name == LabNames.ClientName ? Client : Hosts.FirstOrDefault(h => h.Name == name);

    /// <summary>The error for a name <see cref="Find"/> does not know, listing the names it does.</summary>
    public string UnknownHost(string name) =>
        $"lab '{Names.Lab}' has no host '{name}'; expected one of: {string.Join(", ", Hosts.Select(h => h.Name))}, {LabNames.ClientName}";
}
