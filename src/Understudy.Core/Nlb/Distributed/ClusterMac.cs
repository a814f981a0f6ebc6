using System.Net;
using System.Net.Sockets;

namespace Understudy.Core.Nlb.Distributed;

/// <summary>
/// The Ethernet address every host of a distributed cluster receives for the cluster address.
/// As Windows NLB's multicast mode: 03-BF followed by the four bytes of the IPv4 cluster address.
/// The first byte's low bit makes it a multicast (group) address, so a switch floods it to every
/// port instead of learning it on one, and each host accepts it as a group it joined.
/// </summary>
public static class ClusterMac
{
    /// <summary>The multicast MAC of <paramref name="clusterAddress"/>, e.g. 03:bf:0a:4d:00:64.</summary>
    public static string Multicast(IPAddress clusterAddress)
    {
        ArgumentNullException.ThrowIfNull(clusterAddress);
        if (clusterAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("distributed mode needs an IPv4 cluster address", nameof(clusterAddress));
        }

        return "03:bf:" + string.Join(':', clusterAddress.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
