using System.Globalization;
using System.Text;

namespace Understudy.Core.Nlb.Distributed;

/// <summary>
/// The nftables table of a host in distributed mode (run with <c>nft -f</c> in the host's own
/// network stack). Every host receives every frame for the cluster address; this table decides,
/// before any socket, which of them this host keeps (docs/nlb.md, "Distributed mode"):
/// <list type="number">
/// <item>frames to the cluster's multicast MAC are marked as this host's (the kernel's TCP drops
/// packets that did not arrive for the host itself);</item>
/// <item>packets of connections this host already tracks (conntrack) are accepted first, so a
/// bucket that moves leaves its established connections where they are;</item>
/// <item>a new connection to a rule's ports — a TCP SYN, a UDP packet conntrack has not seen — is
/// accepted when its bucket (<see cref="ClusterBucket"/>) is in the rule's set of buckets this
/// host owns, and only while a socket listens for it (<c>socket transparent 0</c>: a host whose
/// node died accepts nothing, even before the cluster moves its buckets);</item>
/// <item>everything else to the rule's ports is dropped: another host's connection, and a
/// mid-stream TCP segment, which would otherwise be answered with a reset;</item>
/// <item>other ports go to the <c>uncovered</c> chain: the default host accepts new TCP, UDP and
/// ICMP there, the others drop them.</item>
/// </list>
/// A second table of the same name in the <c>arp</c> family makes the default host the one that
/// answers ARP for the cluster address, with the cluster's multicast MAC as the sender's hardware
/// address (as the removed CLUSTERIP target's ARP hook did): every host's kernel would answer
/// with its own MAC, so the others' replies are dropped and the default host's rewritten.
/// The sets and the two default-host chains follow the committed view (<see cref="Owned"/>);
/// the rest never changes while the node runs.
/// </summary>
public static class FilterScript
{
    /// <summary>The chain holding what the default host accepts.</summary>
    public const string UncoveredChain = "uncovered";

    /// <summary>The arp table's chain that passes (rewritten) or drops this host's ARP replies.</summary>
    public const string ArpChain = "replies";

    /// <summary>The table of <paramref name="config"/>'s cluster address.</summary>
    public static string TableName(NlbConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return "understudy_nlb_" + Convert.ToHexStringLower(config.ClusterAddress.GetAddressBytes());
    }

    /// <summary>The set of buckets this host owns of rule number <paramref name="index"/>.</summary>
    public static string SetName(int index) => string.Create(CultureInfo.InvariantCulture, $"rule{index}");

    /// <summary>The counter of the new connections this host accepted for rule <paramref name="index"/>.</summary>
    public static string CounterName(int index) => string.Create(CultureInfo.InvariantCulture, $"accepted{index}");

    /// <summary>A script that (re)creates the table with empty sets: nothing new is accepted until
    /// <see cref="Owned"/> fills them.</summary>
    public static string Install(NlbConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var table = TableName(config);
        var address = config.ClusterAddress.ToString();
        var seed = ClusterBucket.Seed(config.ClusterAddress);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"add table ip {table}\ndelete table ip {table}\ntable ip {table} {{\n");
        for (var i = 0; i < config.Rules.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\tset {SetName(i)} {{ typeof numgen inc mod {BucketMap.BucketCount}; }}\n");
            text.Append(CultureInfo.InvariantCulture, $"\tcounter {CounterName(i)} {{ }}\n");
        }

        text.Append("\tchain prerouting {\n\t\ttype filter hook prerouting priority -150; policy accept;\n");
        text.Append(CultureInfo.InvariantCulture, $"\t\tip daddr {address} meta pkttype set host\n");
        text.Append(CultureInfo.InvariantCulture, $"\t\tip daddr {address} iif lo accept\n");
        text.Append(CultureInfo.InvariantCulture, $"\t\tip daddr {address} ct state established,related accept\n");
        for (var i = 0; i < config.Rules.Length; i++)
        {
            var rule = config.Rules[i];
            var transport = rule.Protocol == NlbProtocol.Udp ? "udp" : "tcp";
            var ports = rule.FirstPort == rule.LastPort
                ? rule.FirstPort.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{rule.FirstPort}-{rule.LastPort}");
            var match = $"ip daddr {address} {transport} dport {ports}";
            if (rule.Mode != FilteringMode.Disabled)
            {
                var isNew = transport == "tcp" ? "tcp flags & (fin|syn|rst|ack) == syn" : "ct state new";
                var bucket = ClusterBucket.Expression(rule.Affinity, transport, seed);
                text.Append(CultureInfo.InvariantCulture, $"\t\t{match} {isNew} socket transparent 0 {bucket} @{SetName(i)} counter name \"{CounterName(i)}\" accept\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"\t\t{match} drop\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\t\tip daddr {address} jump {UncoveredChain}\n");
        text.Append(CultureInfo.InvariantCulture, $"\t\tip daddr {address} drop\n\t}}\n");
        text.Append(CultureInfo.InvariantCulture, $"\tchain {UncoveredChain} {{\n\t}}\n}}\n");
        text.Append(CultureInfo.InvariantCulture, $"add table arp {table}\ndelete table arp {table}\ntable arp {table} {{\n");
        text.Append("\tchain output {\n\t\ttype filter hook output priority 0; policy accept;\n");
        text.Append(CultureInfo.InvariantCulture, $"\t\tarp operation reply arp saddr ip {address} jump {ArpChain}\n\t}}\n");
        text.Append(CultureInfo.InvariantCulture, $"\tchain {ArpChain} {{\n\t\tdrop\n\t}}\n}}\n");
        return text.ToString();
    }

    /// <summary>A script that sets what <paramref name="node"/> accepts under <paramref name="view"/>:
    /// each rule's set to the buckets it owns in the rule's map, and the uncovered chain to accept
    /// new traffic if it is the default host. One transaction: no packet sees half of it.</summary>
    public static string Owned(NlbView view, string node)
    {
        ArgumentNullException.ThrowIfNull(view);
        var config = view.Config;
        var table = TableName(config);
        var text = new StringBuilder();
        for (var i = 0; i < config.Rules.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"flush set ip {table} {SetName(i)}\n");
            var map = view.Rules.FirstOrDefault(r => r.Rule.Name == config.Rules[i].Name)?.Map;
            var owned = map is null ? [] : Enumerable.Range(0, BucketMap.BucketCount).Where(b => map.OwnerOf(b) == node).ToList();
            if (owned.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"add element ip {table} {SetName(i)} {{ {string.Join(", ", owned)} }}\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"flush chain ip {table} {UncoveredChain}\n");
        text.Append(CultureInfo.InvariantCulture, $"flush chain arp {table} {ArpChain}\n");
        if (UncoveredTraffic.Hosts(view).Owner == node)
        {
            text.Append(CultureInfo.InvariantCulture, $"add rule ip {table} {UncoveredChain} tcp flags & (fin|syn|rst|ack) == syn accept\n");
            text.Append(CultureInfo.InvariantCulture, $"add rule ip {table} {UncoveredChain} meta l4proto {{ udp, icmp }} ct state new accept\n");
            text.Append(CultureInfo.InvariantCulture, $"add rule arp {table} {ArpChain} arp saddr ether set {ClusterMac.Multicast(config.ClusterAddress)} accept\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"add rule arp {table} {ArpChain} drop\n");
        }

        return text.ToString();
    }

    /// <summary>A script that deletes the table (the node stopping).</summary>
    public static string Remove(NlbConfig config) => $"delete table ip {TableName(config)}\ndelete table arp {TableName(config)}\n";
}
