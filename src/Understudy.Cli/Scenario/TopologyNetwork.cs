using Understudy.Node.Vms.ProcessVms;

namespace Understudy.Cli.Scenario;

/// <summary>
/// Where the topology matrix's machines live. <see cref="Lan"/>: every host in its own network
/// namespace on the host lab's LAN and every VM in a namespace of its own cabled to it, so a hung
/// VM's address goes silent as a real VM's does (needs root). <see cref="Loopback"/>: the
/// fallback, every host and VM on this machine's loopback, which isolates nothing — a hung VM's
/// sockets keep its address and ports.
/// </summary>
/// <param name="OnLan">True for the lab's LAN.</param>
internal sealed record TopologyNetwork(bool OnLan)
{
    /// <summary>The lab's LAN: a private /24 that only exists inside the lab's namespaces.</summary>
    public const string LanPrefix = "10.213.7.";

    public static TopologyNetwork Lan { get; } = new(true);

    public static TopologyNetwork Loopback { get; } = new(false);

    /// <summary>Host <paramref name="index"/> (0-based).</summary>
    public string Host(int index) => OnLan ? $"{LanPrefix}{1 + index}" : $"127.0.0.{171 + index}";

    /// <summary>The address of VM <paramref name="name"/>; <paramref name="index"/> orders the guests.</summary>
    public string Vm(string name, int index) => OnLan ? $"{LanPrefix}{20 + index}" : ProcessVmAddresses.ForName(name).ToString();

    /// <summary>The guest cluster's role address.</summary>
    public string GuestKv => OnLan ? $"{LanPrefix}161" : "127.0.0.161";

    /// <summary>The YAML lines that give a VM resource its address (none on loopback: derived from its name).</summary>
    public string VmAddressLines(string name, int index, string indent) =>
        OnLan ? $"{indent}address: {Vm(name, index)}\n{indent}prefixLength: 24\n" : "";

    /// <summary>The YAML lines of the guest role's address resource beyond its address.</summary>
    public string GuestKvLines(string indent) =>
        OnLan ? $"{indent}prefixLength: 24\n{indent}interface: eth0\n" : "";
}
