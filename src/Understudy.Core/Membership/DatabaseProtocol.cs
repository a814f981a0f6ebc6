namespace Understudy.Core.Membership;

/// <summary>
/// The version of the cluster database's language: the kinds of log entries and snapshot fields
/// this build reads and writes. It grows by one with every release that adds a kind of entry;
/// nodes announce theirs (<see cref="NodeSoftwareAnnounced"/>) so an operator sees a mixed
/// cluster during a rolling upgrade (docs/operations.md "Upgrades").
/// </summary>
public static class DatabaseProtocol
{
    /// <summary>This build's protocol. 1: membership, NLB, failover and clone entries; node software announcements.</summary>
    public const int Current = 1;

    /// <summary>The longest version string a node may announce; longer is cut, so an entry stays small.</summary>
    public const int MaxVersionLength = 64;
}
