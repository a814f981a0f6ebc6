using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Understudy.Core.Vms.Network;
using Understudy.Node.Native;

namespace Understudy.Node.Vms.ProcessVms;

/// <summary>
/// Makes, cuts and removes a networked process VM's cable (<see cref="VmCable"/>) with
/// <c>ip</c> (iproute2): the VM's namespace, a veth pair with the guest end as the namespace's
/// <c>eth0</c> (the VM's address on it, and a MAC derived from the VM's name so the LAN's
/// neighbour caches stay right when the VM moves, as a real VM keeps its MAC), and the host end
/// as a port of the VM bridge. The namespace has a name (<c>/run/netns</c>) only until the VM's
/// first process is in it (<see cref="ReleaseNameAsync"/>): from then on it lives exactly as long as
/// the VM's processes, so a VM that dies — killed, or ended by its lease guard when its host's node
/// died — takes its address and its cable with it, as a real VM's NIC goes with the VM. A hung
/// VM's port is set down, so its address stops answering as a frozen VM's does.
/// </summary>
internal sealed class VmCableLink(VmCable cable)
{
    // One cable change at a time on this host: a VM restarted here must not have its new
    // namespace removed by the exit of its previous run.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, VmCableLink> Owners = new(StringComparer.Ordinal);

    /// <summary>Where <c>ip netns</c> keeps named network namespaces.</summary>
    public const string NamespaceFolder = "/run/netns";

    public VmCable Cable => cable;

    /// <summary>The namespace's file, for <c>nsenter --net=</c>.</summary>
    public string NamespacePath => Path.Combine(NamespaceFolder, cable.Namespace);

    /// <summary>A locally administered unicast MAC from the VM's name: the same on every host.</summary>
    public static string MacFor(string vm)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(vm), hash);
        hash[0] = (byte)((hash[0] & 0xfc) | 0x02);
        return string.Join(':', hash[..6].ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Builds the cable, first removing what an earlier run of this VM on this host left.</summary>
    public async Task CreateAsync(string vm, CancellationToken token)
    {
        await Gate.WaitAsync(token);
        try
        {
            await RemoveCoreAsync(token);
            await BuildAsync(vm, token);
            Owners[cable.Namespace] = this;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Waits until process <paramref name="pid"/> is in the VM's namespace (it enters it on
    /// its way to exec the VM), then removes the namespace's name, so the namespace ends with the
    /// VM's last process. Gives up when the process is gone or after <paramref name="limit"/>.</summary>
    public async Task ReleaseNameAsync(int pid, TimeSpan limit, TimeProvider time, CancellationToken token)
    {
        var started = time.GetTimestamp();
        var own = new FileInfo("/proc/self/ns/net").LinkTarget;
        while (time.GetElapsedTime(started) < limit && Directory.Exists($"/proc/{pid}"))
        {
            var current = new FileInfo($"/proc/{pid}/ns/net").LinkTarget;
            if (current is not null && current != own)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), time, token);
        }

        await Gate.WaitAsync(token);
        try
        {
            if (File.Exists(NamespacePath))
            {
                await NamespaceCommandAsync("del", token);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Removes the cable unless a newer run of the VM on this host owns it now.</summary>
    public async Task RemoveAsync(CancellationToken token)
    {
        await Gate.WaitAsync(token);
        try
        {
            if (!Owners.TryGetValue(cable.Namespace, out var owner) || ReferenceEquals(owner, this))
            {
                Owners.Remove(cable.Namespace);
                await RemoveCoreAsync(token);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task BuildAsync(string vm, CancellationToken token)
    {
        var address = $"{cable.Address}/{cable.PrefixLength}";
        if (await NamespaceCommandAsync("add", token) is { } failed)
        {
            throw new InvalidOperationException($"VM {vm}: cannot make its network namespace {cable.Namespace}: {failed}");
        }

        IReadOnlyList<string>[] steps =
        [
            ["-n", cable.Namespace, "link", "set", "lo", "up"],
            ["link", "add", cable.Port, "type", "veth", "peer", "name", VmCable.GuestInterface, "address", MacFor(vm), "netns", cable.Namespace],
            .. cable.Bridge.Namespace is { } sw
                ? (IReadOnlyList<string>[])[["link", "set", cable.Port, "netns", sw], ["-n", sw, "link", "set", cable.Port, "master", cable.Bridge.Bridge, "up"]]
                : [["link", "set", cable.Port, "master", cable.Bridge.Bridge, "up"]],
            cable.Address.AddressFamily == AddressFamily.InterNetworkV6
                ? ["-n", cable.Namespace, "addr", "add", address, "dev", VmCable.GuestInterface, "nodad"]
                : ["-n", cable.Namespace, "addr", "add", address, "dev", VmCable.GuestInterface],
            ["-n", cable.Namespace, "link", "set", VmCable.GuestInterface, "up"],
        ];
        foreach (var step in steps)
        {
            if (await HostCommand.RunAsync("ip", step, null, token) is { } error)
            {
                await RemoveCoreAsync(CancellationToken.None);
                throw new InvalidOperationException($"VM {vm}: cannot cable it to bridge {cable.Bridge}: {error}");
            }
        }
    }

    // ip netns add/del mount the namespace's file. A node in the host lab runs in a mount namespace
    // of its own (ip netns exec makes one), where that mount would be seen by no one else: the lab
    // could not remove the VM's namespace after the node is gone. So they run in the mount
    // namespace of pid 1 when this process's is another one and that one can be entered.
    private static bool InOwnMountNamespace
    {
        get
        {
            try
            {
                return new FileInfo("/proc/self/ns/mnt").LinkTarget is { } self && new FileInfo("/proc/1/ns/mnt").LinkTarget is { } init && self != init;
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    private async Task<string?> NamespaceCommandAsync(string verb, CancellationToken token) =>
        InOwnMountNamespace
            ? await HostCommand.RunAsync("nsenter", ["--mount=/proc/1/ns/mnt", "--", "ip", "netns", verb, cable.Namespace], null, token)
            : await HostCommand.RunAsync("ip", ["netns", verb, cable.Namespace], null, token);

    /// <summary>Sets the host end of the cable up or down (a hung VM is silent on the LAN); null or what <c>ip</c> said.</summary>
    public string? SetPort(bool up)
    {
        IReadOnlyList<string> command = cable.Bridge.Namespace is { } sw
            ? ["-n", sw, "link", "set", cable.Port, up ? "up" : "down"]
            : ["link", "set", cable.Port, up ? "up" : "down"];
        return HostCommand.RunAsync("ip", command, null, CancellationToken.None).GetAwaiter().GetResult();
    }

    // Removes the namespace (its eth0, the peer port and the address go with it) and a port left
    // outside it; does nothing for parts that are not there.
    private async Task RemoveCoreAsync(CancellationToken token)
    {
        if (File.Exists(NamespacePath))
        {
            await NamespaceCommandAsync("del", token);
        }

        IReadOnlyList<string> port = cable.Bridge.Namespace is { } sw ? ["-n", sw, "link", "del", cable.Port] : ["link", "del", cable.Port];
        await HostCommand.RunAsync("ip", port, null, token); // "Cannot find device" when it went with the namespace
    }
}
