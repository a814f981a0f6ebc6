using System.Net.Sockets;
using System.Text;

namespace Understudy.Core.Nlb;

/// <summary>
/// Windows NLB's default host: TCP and UDP traffic to the cluster address on a port that no rule covers
/// goes to the eligible member with the highest host priority (the lowest number), and to the
/// next one when it leaves. Nodes only receive on ports they listen on, so an nftables rule
/// redirects such traffic to one port of the cluster address (<see cref="NlbConfig.UncoveredPort"/>),
/// where every node listens; the original port is read back from the connection (TCP) or from
/// the conntrack entry (UDP, <see cref="ConntrackTuple"/>).
/// </summary>
public static class UncoveredTraffic
{
    /// <summary>The nftables table of <paramref name="config"/>'s cluster address (one per address).</summary>
    public static string TableName(NlbConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return "understudy_" + Convert.ToHexStringLower(config.ClusterAddress.GetAddressBytes());
    }

    /// <summary>An <c>nft -f</c> script that (re)creates the table atomically: TCP and UDP to the
    /// cluster address on any port no rule of that transport covers are sent to the
    /// uncovered-traffic port, both for this host's own clients (output) and for others'
    /// (prerouting). Null without an uncovered port. Replies go back through the same conntrack
    /// entries, so clients see them come from the port they sent to.</summary>
    public static string? NftScript(NlbConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.UncoveredPort is not { } port)
        {
            return null;
        }

        var family = Family(config);
        var address = config.ClusterAddress.ToString();
        var target = family == "ip6" ? $"[{address}]:{port}" : $"{address}:{port}";
        string Match(string transport, bool udp)
        {
            var covered = config.Rules.Where(r => (r.Protocol == NlbProtocol.Udp) == udp)
                .Select(r => r.FirstPort == r.LastPort ? $"{r.FirstPort}" : $"{r.FirstPort}-{r.LastPort}")
                .Append($"{port}");
            return $"{family} daddr {address} {transport} dport != {{ {string.Join(", ", covered)} }} dnat to {target}";
        }

        var matches = $"{Match("tcp", udp: false)}; {Match("udp", udp: true)};";
        var table = TableName(config);
        var script = new StringBuilder();
        script.Append($"add table {family} {table}\n");
        script.Append($"delete table {family} {table}\n");
        script.Append($"table {family} {table} {{\n");
        script.Append($"  chain output {{ type nat hook output priority -100; {matches} }}\n");
        script.Append($"  chain prerouting {{ type nat hook prerouting priority -100; {matches} }}\n");
        script.Append("}\n");
        return script.ToString();
    }

    /// <summary>An <c>nft -f</c> script that deletes the table (the host's last node stopping).</summary>
    public static string RemoveScript(NlbConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return $"delete table {Family(config)} {TableName(config)}\n";
    }

    private static string Family(NlbConfig config) => config.ClusterAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "ip";

    /// <summary>Who takes uncovered traffic now, and who would next: the eligible members by host priority.</summary>
    public static (string? Owner, string? Next) Hosts(NlbView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var eligible = view.Members.Where(m => m.Eligible).OrderBy(m => m.HostPriority).Select(m => m.Node).Take(2).ToArray();
        return (eligible.ElementAtOrDefault(0), eligible.ElementAtOrDefault(1));
    }
}
