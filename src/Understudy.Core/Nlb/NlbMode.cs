namespace Understudy.Core.Nlb;

/// <summary>How the cluster address reaches the members (<c>nlb.mode</c>, docs/nlb.md).</summary>
public enum NlbMode
{
    /// <summary>All nodes share one network stack: every node binds the cluster address with
    /// SO_REUSEPORT and the kernel's steering program hands each connection to its owner's node.
    /// The default when every node's address is a loopback address.</summary>
    Local,

    /// <summary>Nodes on separate hosts of one LAN: every host receives every frame for the
    /// cluster address (its multicast MAC) and each accepts only the new connections of the
    /// buckets it owns (nftables), as Windows NLB. The default otherwise.</summary>
    Distributed,

    /// <summary>The cluster address is a failover address on one node, which forwards by the
    /// bucket map to the members on every host (networks that will not flood): the failover role
    /// <see cref="DirectorRole"/>.</summary>
    Director,
}
