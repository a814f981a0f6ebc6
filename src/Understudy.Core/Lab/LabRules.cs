using System.Globalization;
using System.Text;

namespace Understudy.Core.Lab;

/// <summary>
/// The nftables scripts of the lab's faults, run in the switch namespace (<c>nft -f -</c>). They
/// live in one bridge-family table whose forward hook sees every frame crossing the switch,
/// ARP included, by its ports: a partition cuts hosts, not addresses, so a role address that
/// moves is cut with its host. The machine's own namespace never holds a rule.
/// </summary>
public static class LabRules
{
    /// <summary>The lab's table in the switch.</summary>
    public const string Table = "understudy_lab";

    /// <summary>The regular chain that holds the current partition.</summary>
    public const string PartitionChain = "partition";

    /// <summary>The table: a forward base chain that jumps to the partition chain and to one loss
    /// chain per port (so each host's loss is set on its own, without remembering the others').</summary>
    public static string Install(IEnumerable<string> ports)
    {
        var all = ports.ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"table bridge {Table} {{\n");
        text.Append("\tchain forward {\n\t\ttype filter hook forward priority 0; policy accept;\n");
        text.Append(CultureInfo.InvariantCulture, $"\t\tjump {PartitionChain}\n");
        foreach (var port in all)
        {
            text.Append(CultureInfo.InvariantCulture, $"\t\tjump {LossChain(port)}\n");
        }

        text.Append("\t}\n");
        text.Append(CultureInfo.InvariantCulture, $"\tchain {PartitionChain} {{\n\t}}\n");
        foreach (var port in all)
        {
            text.Append(CultureInfo.InvariantCulture, $"\tchain {LossChain(port)} {{\n\t}}\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>Replaces the partition: frames from <paramref name="from"/>'s ports to
    /// <paramref name="to"/>'s are dropped, and the other way too unless <paramref name="oneWay"/>.</summary>
    public static string Partition(IReadOnlyList<string> from, IReadOnlyList<string> to, bool oneWay)
    {
        var text = new StringBuilder(Heal());
        text.Append(Drop(from, to));
        if (!oneWay)
        {
            text.Append(Drop(to, from));
        }

        return text.ToString();
    }

    /// <summary>Removes the partition.</summary>
    public static string Heal() => $"flush chain bridge {Table} {PartitionChain}\n";

    /// <summary>Sets the random loss of the host on <paramref name="port"/> to
    /// <paramref name="percent"/> in each direction (0 removes it). There is no netem in this
    /// kernel; <c>numgen random mod 100</c> is a fresh number from 0 to 99 per frame.</summary>
    public static string Loss(string port, int percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var chain = LossChain(port);
        var text = new StringBuilder($"flush chain bridge {Table} {chain}\n");
        // nft refuses "< 100" against a number that is at most 99: all of it is a plain drop.
        var share = percent == 100 ? "" : string.Create(CultureInfo.InvariantCulture, $" numgen random mod 100 < {percent}");
        if (percent > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"add rule bridge {Table} {chain} iifname \"{port}\"{share} drop\n");
            text.Append(CultureInfo.InvariantCulture, $"add rule bridge {Table} {chain} oifname \"{port}\"{share} drop\n");
        }

        return text.ToString();
    }

    /// <summary>The loss chain of one port.</summary>
    public static string LossChain(string port) => $"loss_{port}";

    private static string Drop(IReadOnlyList<string> from, IReadOnlyList<string> to) =>
        $"add rule bridge {Table} {PartitionChain} iifname {Set(from)} oifname {Set(to)} drop\n";

    private static string Set(IReadOnlyList<string> ports) => $"{{ {string.Join(", ", ports.Select(p => $"\"{p}\""))} }}";
}
