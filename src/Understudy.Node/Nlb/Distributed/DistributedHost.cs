using System.Net;
using System.Net.NetworkInformation;
using Microsoft.Extensions.Logging;
using Understudy.Core.Nlb;
using Understudy.Core.Nlb.Distributed;
using Understudy.Node.Native;

namespace Understudy.Node.Nlb.Distributed;

/// <summary>
/// This host's part of a distributed cluster address (docs/nlb.md, "Distributed mode"): the
/// address on the loopback interface, so the host's sockets may bind it; the cluster's multicast MAC joined on the LAN interface, so the host receives what the
/// switch floods; and the packet filter (<see cref="FilterScript"/>) that keeps only the new
/// connections of this host's buckets, its sets rewritten from every committed view. Everything
/// is done in the node's own network stack (in the lab, its host's namespace) and undone when
/// the node stops; a node that was killed leaves it, and its filter accepts nothing without its
/// listeners (<c>socket transparent 0</c>).
/// </summary>
internal sealed partial class DistributedHost(NlbConfig nlb, IPAddress self, string node, ILogger logger)
{
    private string? _interface;
    private long _applied = -1;

    /// <summary>The LAN interface (the one holding this node's address), once set up.</summary>
    public string? Interface => _interface;

    /// <summary>The view version the filter's sets hold, or -1.</summary>
    public long AppliedVersion => _applied;

    /// <summary>Why distributed mode cannot run on this host, or null: every node of the file is
    /// an address of this one network stack, or this node's address is on no interface.</summary>
    public static string? Unfit(IEnumerable<IPAddress> nodes, IPAddress self, IReadOnlySet<IPAddress> local)
    {
        var all = nodes.ToList();
        if (all.Count > 1 && all.All(local.Contains))
        {
            return $"nlb.mode: distributed needs the nodes on separate hosts, but every node's address ({string.Join(", ", all)}) is on this host's network stack; set nlb.mode: local";
        }

        return local.Contains(self) ? null : $"nodes[].address: {self} is on no interface of this host";
    }

    /// <summary>The addresses of this network stack's interfaces.</summary>
    public static IReadOnlySet<IPAddress> LocalAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address).ToHashSet();

    /// <summary>Sets the host up; null on success, else why not (nothing is left half made).</summary>
    public async Task<string?> StartAsync(CancellationToken token)
    {
        _interface = NetworkInterface.GetAllNetworkInterfaces()
            .FirstOrDefault(i => i.GetIPProperties().UnicastAddresses.Any(a => a.Address.Equals(self)))?.Name;
        if (_interface is null)
        {
            return $"{self} is on no interface of this host";
        }

        var address = nlb.ClusterAddress.ToString();
        var mac = ClusterMac.Multicast(nlb.ClusterAddress);
        if (InUse(mac) is { } taken)
        {
            return taken;
        }

        // arp_announce 2: ask for neighbours from the interface's own address, never from the
        // cluster address (a neighbour would learn the cluster address at this host's MAC and
        // stop flooding). Replies for the cluster address are the filter's arp table's business.
        foreach (var scope in new[] { "all", _interface })
        {
            await File.WriteAllTextAsync($"/proc/sys/net/ipv4/conf/{scope}/arp_announce", "2", token);
        }

        // The filter first: its arp table drops this host's ARP replies for the cluster address
        // (the default host's are rewritten to the multicast MAC), and the kernel answers for the
        // address as soon as it is on lo — with this host's own MAC, which a starting host's
        // probe would take for another machine holding the address.
        var error = await UncoveredTrafficRule.RunNftAsync(FilterScript.Install(nlb), token)
            ?? await HostCommand.RunAsync("ip", ["addr", "replace", $"{address}/32", "dev", "lo"], null, token)
            ?? await JoinAsync(mac, token);
        if (error is not null)
        {
            await StopAsync(token);
            return error;
        }

        LogStarted(address, mac, _interface);
        return null;
    }

    /// <summary>Rewrites the filter's sets if <paramref name="view"/> is newer than what they hold.</summary>
    public async Task RefreshAsync(NlbView? view, CancellationToken token)
    {
        if (view is null || view.Version == _applied)
        {
            return;
        }

        if (await UncoveredTrafficRule.RunNftAsync(FilterScript.Owned(view, node), token) is { } error)
        {
            LogRefreshFailed(error);
            return;
        }

        _applied = view.Version;
        LogApplied(view.Version, view.Rules.Sum(r => r.Map.BucketsOwnedBy(node)));
    }

    /// <summary>Removes the filter, the multicast group and the address (each whether or not the
    /// others could be).</summary>
    public async Task StopAsync(CancellationToken token)
    {
        // The address before the filter, the reverse of the start: never the address without the
        // arp table that keeps this host's kernel from answering for it with its own MAC.
        await HostCommand.RunAsync("ip", ["addr", "del", $"{nlb.ClusterAddress}/32", "dev", "lo"], null, token);
        if (_interface is not null)
        {
            await HostCommand.RunAsync("ip", ["maddr", "del", ClusterMac.Multicast(nlb.ClusterAddress), "dev", _interface], null, token);
        }

        await UncoveredTrafficRule.RunNftAsync(FilterScript.Remove(nlb), token);
        _applied = -1;
    }

    /// <summary>How long the start-up probe listens for another holder of the cluster address.
    /// RFC 5227 probes for 1–3 s before using an address; the cluster's own hosts answer at once,
    /// so 600 ms (two probes) is enough on a LAN.</summary>
    private static readonly TimeSpan ProbeWindow = TimeSpan.FromMilliseconds(600);

    // Another machine answering ARP for the cluster address (with a MAC other than the cluster's
    // multicast MAC, which the cluster's own default host answers with) would take part of the
    // clients' traffic: refuse to start, naming it.
    private string? InUse(string clusterMac)
    {
        var link = NetworkInterface.GetAllNetworkInterfaces().First(i => i.Name == _interface);
        var holders = AddressProbe.Holders(link, nlb.ClusterAddress, ProbeWindow)?.Where(h => !h.Equals(clusterMac, StringComparison.OrdinalIgnoreCase)).ToList();
        return holders is { Count: > 0 }
            ? $"nlb.address: {nlb.ClusterAddress} is already in use on the LAN: {string.Join(", ", holders)} answers ARP for it, which is not this cluster's multicast MAC {clusterMac}; give the cluster an address nobody else uses, or stop the machine that holds it"
            : null;
    }

    // A group already joined (a node restarted after a kill) is fine.
    private async Task<string?> JoinAsync(string mac, CancellationToken token) =>
        await HostCommand.RunAsync("ip", ["maddr", "add", mac, "dev", _interface!], null, token) is { } error && !error.Contains("exists", StringComparison.OrdinalIgnoreCase)
            ? error
            : null;

    [LoggerMessage(EventId = 1434, Level = LogLevel.Information, Message = "NLB distributed: {Address} on lo, multicast MAC {Mac} joined on {Interface}, host filter installed")]
    private partial void LogStarted(string address, string mac, string @interface);

    [LoggerMessage(EventId = 1435, Level = LogLevel.Debug, Message = "NLB distributed: host filter holds view {Version}: {Buckets} buckets of this host")]
    private partial void LogApplied(long version, int buckets);

    [LoggerMessage(EventId = 1436, Level = LogLevel.Warning, Message = "NLB distributed: could not update the host filter: {Reason}")]
    private partial void LogRefreshFailed(string reason);
}
