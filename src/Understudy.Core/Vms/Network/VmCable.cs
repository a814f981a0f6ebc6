using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Understudy.Core.Vms.Network;

/// <summary>
/// The network of one networked process VM on one host: its own network namespace, and a veth
/// cable whose guest end is the VM's <c>eth0</c> (holding its address) and whose host end is a
/// port of the host's VM bridge. Names are derived from the host and the VM, so a node restarted
/// after a crash finds (and removes) what its previous run left, and two hosts on one machine (the
/// host lab) never pick the same name.
/// </summary>
/// <param name="Namespace">The VM's network namespace (<c>usvm-</c> and 10 hex digits).</param>
/// <param name="Port">The host end of the cable, a port of the bridge (<c>uv</c> and 10 hex digits: 12 characters, within IFNAMSIZ).</param>
/// <param name="Address">The VM's address on the LAN.</param>
/// <param name="PrefixLength">The LAN's prefix length.</param>
/// <param name="Bridge">The bridge the port joins.</param>
public sealed record VmCable(string Namespace, string Port, IPAddress Address, int PrefixLength, VmBridge Bridge)
{
    /// <summary>The guest end's name inside the VM's namespace, as a VM's first NIC is named.</summary>
    public const string GuestInterface = "eth0";

    /// <summary>The cable of VM <paramref name="vm"/> (which has an address) on host <paramref name="host"/>.</summary>
    public static VmCable For(string host, VmSettings vm, VmBridge bridge)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var address = vm.Address ?? throw new ArgumentException($"VM {vm.Name} has no address", nameof(vm));
        var id = Id(host, vm.Name);
        return new VmCable($"usvm-{id}", $"uv{id}", address, vm.PrefixLength, bridge);
    }

    private static string Id(string host, string vm)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{host}\n{vm}"), hash);
        return Convert.ToHexStringLower(hash[..5]);
    }
}
