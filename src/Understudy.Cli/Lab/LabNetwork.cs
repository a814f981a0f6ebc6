using System.Globalization;
using Understudy.Core.Lab;
using Understudy.Node.Native;

namespace Understudy.Cli.Lab;

/// <summary>
/// Builds and removes a lab's namespaces and links. Every link is made inside a lab namespace
/// (<c>ip -n SWITCH link add pN type veth peer name eth0 netns HOST</c>), so not even for a
/// moment does the machine's own namespace hold one. A host namespace has loopback, its
/// <c>eth0</c> with the node's address, and no route but the LAN's own.
/// </summary>
internal static class LabNetwork
{
    /// <summary>How long <see cref="RemoveAsync"/> waits for a namespace's processes to die after SIGKILL.</summary>
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    /// <summary>Builds <paramref name="plan"/>. On failure the caller removes it (<see cref="RemoveAsync"/>).</summary>
    public static async Task BuildAsync(LabPlan plan)
    {
        var names = plan.Names;
        await LabTool.IpAsync("netns", "add", names.Switch);
        await LabTool.IpAsync("-n", names.Switch, "link", "add", LabNames.Bridge, "type", "bridge");
        await LabTool.IpAsync("-n", names.Switch, "link", "set", LabNames.Bridge, "up");
        await LabTool.NftAsync(names.Switch, LabRules.Install([.. plan.Hosts.Select(h => h.Port), plan.Client.Port]));
        foreach (var host in plan.Hosts.Append(plan.Client))
        {
            await PlugAsync(plan, host);
        }
    }

    /// <summary>Removes every namespace of <paramref name="plan"/> that exists, first ending the
    /// processes still in it, so nothing of the lab stays behind.</summary>
    public static async Task RemoveAsync(LabPlan plan)
    {
        var existing = await ExistingAsync();
        foreach (var ns in plan.VmNamespaces.Concat(plan.Namespaces).Where(existing.Contains))
        {
            await KillProcessesAsync(ns);
            await LabTool.IpAsync("netns", "del", ns);
        }
    }

    /// <summary>The names of every network namespace of this machine.</summary>
    public static async Task<HashSet<string>> ExistingAsync() =>
        [.. (await LabTool.IpAsync("netns", "list")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0])];

    private static async Task PlugAsync(LabPlan plan, LabHost host)
    {
        var sw = plan.Names.Switch;
        await LabTool.IpAsync("netns", "add", host.Namespace);
        await LabTool.IpAsync("-n", host.Namespace, "link", "set", "lo", "up");
        await LabTool.IpAsync("-n", sw, "link", "add", host.Port, "type", "veth", "peer", "name", LabNames.HostInterface, "netns", host.Namespace);
        await LabTool.IpAsync("-n", sw, "link", "set", host.Port, "master", LabNames.Bridge, "up");
        await LabTool.IpAsync("-n", host.Namespace, "addr", "add", $"{host.Address}/{plan.Lan.PrefixLength}", "dev", LabNames.HostInterface);
        await LabTool.IpAsync("-n", host.Namespace, "link", "set", LabNames.HostInterface, "up");
    }

    private static async Task KillProcessesAsync(string ns)
    {
        var pids = (await LabTool.IpAsync("netns", "pids", ns)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        foreach (var pid in pids)
        {
            Libc.Signal(pid, Libc.SigKill);
        }

        var started = TimeProvider.System.GetTimestamp();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        while (pids.Any(p => Directory.Exists($"/proc/{p}")) && TimeProvider.System.GetElapsedTime(started) < KillWait)
        {
            await poll.WaitForNextTickAsync();
        }
    }
}
