namespace Understudy.Core.Failover;

/// <summary>A virtual IP address a role owns.</summary>
/// <param name="Address">IPv4 or IPv6 literal.</param>
/// <param name="PrefixLength">Prefix length used with <c>ip addr add</c>.</param>
/// <param name="Interface">Interface to add it to; <c>lo</c> (loopback) by default, where any
/// 127.x address already answers on Linux and nothing needs adding.</param>
public sealed record AddressSpec(string Address, int PrefixLength, string Interface)
{
    /// <summary>True when the address lives on loopback and needs no <c>ip addr add</c>.</summary>
    public bool IsLoopback => Interface == "lo";
}
