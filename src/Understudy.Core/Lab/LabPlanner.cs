using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Understudy.Core.Config;

namespace Understudy.Core.Lab;

/// <summary>
/// Decides the host lab for a cluster file, or says every reason it cannot: the nodes'
/// addresses make one private IPv4 LAN that the machine's own namespace does not already reach,
/// and every role address that lives on a real interface is on that LAN and on <c>eth0</c>.
/// Pure: the machine's networks come in as <see cref="RootNetwork"/>s.
/// </summary>
public static class LabPlanner
{
    /// <summary>The LAN's prefix length: the nodes' /24. A lab is a handful of hosts on one
    /// switch, as a small office LAN is; a /24 keeps the address check simple to explain.</summary>
    public const int LanPrefixLength = 24;

    /// <summary>The client's host number on the LAN (x.y.z.250), unless a node or role uses it;
    /// then the next one down.</summary>
    public const int ClientHostNumber = 250;

    private static readonly IPNetwork[] PrivateRanges =
        [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16")];

    /// <summary>The plan for <paramref name="config"/>, checked against <paramref name="root"/>.</summary>
    public static LabPlanResult Plan(ClusterConfig config, IReadOnlyList<RootNetwork> root)
    {
        var errors = new List<string>();
        var names = new LabNames(config.Name);
        var lan = LanOf(config, errors);
        if (lan is { } network)
        {
            foreach (var taken in root.Where(r => Overlaps(r.Network, network)))
            {
                errors.Add($"the lab's LAN {network} overlaps {taken.Network} ({taken.Source}) of this machine; give the nodes addresses in another private /24 that this machine does not use");
            }
        }

        if (config.FindNode(LabNames.ClientName) is not null)
        {
            errors.Add($"node name '{LabNames.ClientName}' is the lab's client; rename the node");
        }

        var used = config.Nodes.Select(n => n.Address).ToHashSet();
        foreach (var (role, resource, address) in RoleAddresses(config))
        {
            var where = $"role {role} resource {resource}";
            if (address.Interface != LabNames.HostInterface)
            {
                errors.Add($"{where}: interface '{address.Interface}' does not exist on a lab host; use interface: {LabNames.HostInterface}");
            }

            if (!IPAddress.TryParse(address.Address, out var ip) || lan is not { } net || !net.Contains(ip))
            {
                errors.Add($"{where}: address {address.Address} is not on the lab's LAN {(lan is { } l ? l.ToString() : "(none)")}; pick one there");
            }
            else if (!used.Add(ip))
            {
                errors.Add($"{where}: address {address.Address} is already a node's or another role's; pick a free one");
            }
        }

        foreach (var (role, resource, vm) in VmAddresses(config))
        {
            var where = $"role {role} VM {resource}";
            if (lan is not { } net || !net.Contains(vm.Address!))
            {
                errors.Add($"{where}: address {vm.Address} is not on the lab's LAN {(lan is { } l ? l.ToString() : "(none)")}; a VM on the lab is a machine on its LAN, pick an address there");
            }
            else if (!used.Add(vm.Address!))
            {
                errors.Add($"{where}: address {vm.Address} is already a node's, a role's or another VM's; pick a free one");
            }
        }

        // Distributed mode: every host receives the cluster address on the LAN, so it must be a
        // free address there (a role's address would answer ARP for it from one host).
        if (config.Nlb is { Mode: Nlb.NlbMode.Distributed } nlb)
        {
            if (lan is not { } net || !net.Contains(nlb.ClusterAddress))
            {
                errors.Add($"nlb.address: {nlb.ClusterAddress} is not on the lab's LAN {(lan is { } l ? l.ToString() : "(none)")}; every host receives it there, pick one on the LAN");
            }
            else if (!used.Add(nlb.ClusterAddress))
            {
                errors.Add($"nlb.address: {nlb.ClusterAddress} is already in use on the LAN (a node's or a role's address); pick a free one");
            }
        }

        if (errors.Count > 0 || lan is not { } lanNetwork)
        {
            return new LabPlanResult(null, [.. errors]);
        }

        var hosts = config.Nodes.Select((n, i) => new LabHost(n.Name, names.Host(n.Name), LabNames.Port(i), n.Address)).ToImmutableArray();
        var client = ClientAddress(lanNetwork, used);
        if (client is null)
        {
            return new LabPlanResult(null, [$"the lab's LAN {lanNetwork} has no free address for the client; free one of .1-.{ClientHostNumber}"]);
        }

        var plan = new LabPlan(names, lanNetwork, hosts, new LabHost(LabNames.ClientName, names.Client, LabNames.ClientPort, client));
        return new LabPlanResult(plan with { VmNamespaces = [.. VmNamespaces(config, plan)] }, []);
    }

    /// <summary>True when the two prefixes share an address.</summary>
    public static bool Overlaps(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    private static IPNetwork? LanOf(ClusterConfig config, List<string> errors)
    {
        IPNetwork? lan = null;
        foreach (var node in config.Nodes)
        {
            var address = node.Address;
            if (address.AddressFamily != AddressFamily.InterNetwork)
            {
                errors.Add($"node {node.Name}: address {address} is not IPv4; the host lab builds an IPv4 LAN, give the node an address such as 10.77.0.{config.Nodes.IndexOf(node) + 1}");
                continue;
            }

            if (!PrivateRanges.Any(r => r.Contains(address)))
            {
                var why = IPAddress.IsLoopback(address) ? "is loopback" : "is not in a private range (10/8, 172.16/12, 192.168/16)";
                errors.Add($"node {node.Name}: address {address} {why}; a host lab needs private LAN addresses such as 10.77.0.{config.Nodes.IndexOf(node) + 1} (examples/hosts.yaml)");
                continue;
            }

            var own = NetworkOf(address, LanPrefixLength);
            if (lan is null)
            {
                lan = own;
            }
            else if (!lan.Value.Contains(address))
            {
                errors.Add($"node {node.Name}: address {address} is not on the LAN {lan} of node {config.Nodes[0].Name}; the lab is one /{LanPrefixLength}, put every node in it");
            }

            var host = address.GetAddressBytes()[3];
            if (host is 0 or 255)
            {
                errors.Add($"node {node.Name}: address {address} is the LAN's {(host == 0 ? "network" : "broadcast")} address; pick .1-.254");
            }
        }

        return lan;
    }

    private static IEnumerable<(string Role, string Resource, Failover.AddressSpec Address)> RoleAddresses(ClusterConfig config) =>
        from role in config.Roles
        from resource in role.Resources
        where resource.Address is { IsLoopback: false }
        select (role.Name, resource.Name, resource.Address!);

    private static IEnumerable<(string Role, string Resource, Vms.VmSettings Vm)> VmAddresses(ClusterConfig config) =>
        from role in config.Roles
        from resource in role.Resources
        where resource.Vm is { Settings.Address: not null }
        select (role.Name, resource.Name, resource.Vm!.Settings);

    // Every namespace a host of the lab may make for a networked VM (any host may run any VM).
    private static IEnumerable<string> VmNamespaces(ClusterConfig config, LabPlan plan) =>
        from vm in VmAddresses(config)
        from host in plan.Hosts
        select Vms.Network.VmCable.For(host.Name, vm.Vm, plan.VmBridge).Namespace;

    private static IPAddress? ClientAddress(IPNetwork lan, HashSet<IPAddress> used)
    {
        var bytes = lan.BaseAddress.GetAddressBytes();
        for (var host = ClientHostNumber; host > 0; host--)
        {
            bytes[3] = (byte)host;
            var candidate = new IPAddress(bytes);
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The prefix of length <paramref name="length"/> that holds <paramref name="address"/>.</summary>
    public static IPNetwork NetworkOf(IPAddress address, int length) => new(Mask(address, length), length);

    private static IPAddress Mask(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
