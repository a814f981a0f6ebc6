using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Understudy.Packaging.Tests;

/// <summary>
/// The host lab's shape (docs/lab.md), made by the test itself so that the hosts run the
/// installed package rather than the nodes <c>understudy up --hosts</c> starts: a switch namespace
/// holding the bridge (the LAN), one network namespace per machine cabled into it by a veth pair
/// made inside the lab (<c>ip -n SWITCH link add pN type veth peer name eth0 netns HOST</c>, so the
/// machine's own namespace never holds a lab link or address), no route but the LAN's. In each
/// host's namespace a <see cref="BootedHost"/>: a Debian root of its own with systemd as PID 1. The
/// client is a bare namespace: the admin workstation, running this machine's programs.
/// Names carry a random id, so labs of parallel runs never meet; disposing removes every
/// namespace, process, cgroup and root it made, however the test ended.
/// </summary>
internal sealed class HostLab : IAsyncDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(2);
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private readonly string _folder = Directory.CreateTempSubdirectory("understudy-deploy-").FullName;
    private readonly List<string> _namespaces = [];
    private readonly List<string> _cgroups = [];

    private HostLab(string lan) => Lan = lan;

    /// <summary>The LAN's first three octets; the LAN is <c>{Lan}.0/24</c>.</summary>
    public string Lan { get; }

    public IReadOnlyList<BootedHost> Hosts { get; private set; } = [];

    public string Switch => $"udeploy.{_id}.switch";

    public string Client => $"udeploy.{_id}.client";

    public string ClientAddress => $"{Lan}.250";

    public BootedHost this[string name] => Hosts.Single(h => h.Name == name);

    /// <summary>Why a lab cannot be made here, or null: the commands it runs, and a cgroup
    /// hierarchy it can give each container a folder of (the cgroup v2 one, or cgroup v1's
    /// <c>name=systemd</c> of a hybrid layout).</summary>
    public static string? Missing()
    {
        var missing = new[] { "systemd-nspawn", "nsenter", "ip", "curl", "tar" }.Where(c => !Prerequisites.OnPath(c)).Select(c => $"the command {c} (.ci/install installs it)").ToList();
        if (CgroupMounts().Count == 0)
        {
            missing.Add("a cgroup hierarchy for systemd (cgroup2, or cgroup v1 name=systemd) mounted under /sys/fs/cgroup");
        }

        return missing.Count == 0 ? null : "the host lab of the guide needs " + string.Join(", ", missing);
    }

    /// <summary>The guide's own LAN unless this machine's namespace reaches it (an address on it
    /// or a route covering it, default routes aside: the lab planner's check, docs/lab.md), then
    /// a free 10.x.y.</summary>
    public static async Task<string> ChooseLanAsync(string preferred)
    {
        var taken = await MachineNetworksAsync();
        foreach (var lan in new[] { preferred }.Concat(Enumerable.Range(0, 50).Select(_ => $"10.{Random.Shared.Next(100, 250)}.{Random.Shared.Next(0, 250)}")))
        {
            var network = IPNetwork.Parse(lan + ".0/24");
            if (!taken.Any(t => t.Contains(network.BaseAddress) || network.Contains(t.BaseAddress)))
            {
                return lan;
            }
        }

        throw new InvalidOperationException("no free private /24 for the lab");
    }

    /// <summary>Makes the LAN, the client and one host per (name, last octet), unpacks
    /// <paramref name="tarball"/> as each host's root and boots them all.</summary>
    public static async Task<HostLab> CreateAsync(string lan, string tarball, IReadOnlyList<(string Name, int Octet)> hosts, TimeSpan deadline)
    {
        var lab = new HostLab(lan);
        try
        {
            await lab.BuildAsync(tarball, hosts, deadline);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a program of this machine in the client's namespace.</summary>
    public Task<Shell.Result> OnClientAsync(params string[] program) =>
        Shell.RunAsync("ip", ["netns", "exec", Client, "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8", .. program], Step);

    private async Task BuildAsync(string tarball, IReadOnlyList<(string Name, int Octet)> hosts, TimeSpan deadline)
    {
        await NamespaceAsync(Switch);
        await IpAsync("-n", Switch, "link", "add", "br0", "type", "bridge");
        await IpAsync("-n", Switch, "link", "set", "br0", "up");
        var booted = new List<BootedHost>();
        foreach (var (name, octet) in hosts)
        {
            var host = new BootedHost(name, $"{Lan}.{octet}", $"udeploy.{_id}.{name}", $"udeploy-{_id}-{name}", Path.Combine(_folder, name));
            await PlugAsync(host.Namespace, host.Address, booted.Count);
            booted.Add(host);
        }

        Hosts = booted;
        await PlugAsync(Client, ClientAddress, hosts.Count);

        await Task.WhenAll(Hosts.Select(async h =>
        {
            Directory.CreateDirectory(h.Root);
            await Shell.CheckAsync("tar", ["-xf", tarball, "-C", h.Root], Step);
        }));
        var boots = new List<Task>();
        foreach (var host in Hosts)
        {
            var cgroups = CgroupMounts().Select(m => Path.Combine(m, host.Machine)).ToList();
            foreach (var cgroup in cgroups)
            {
                Directory.CreateDirectory(cgroup);
                _cgroups.Add(cgroup);
            }

            boots.Add(host.BootAsync(cgroups, deadline));
        }

        await Task.WhenAll(boots);
    }

    private async Task PlugAsync(string ns, string address, int port)
    {
        await NamespaceAsync(ns);
        await IpAsync("-n", ns, "link", "set", "lo", "up");
        await IpAsync("-n", Switch, "link", "add", $"p{port}", "type", "veth", "peer", "name", "eth0", "netns", ns);
        await IpAsync("-n", Switch, "link", "set", $"p{port}", "master", "br0", "up");
        await IpAsync("-n", ns, "addr", "add", $"{address}/24", "dev", "eth0");
        await IpAsync("-n", ns, "link", "set", "eth0", "up");
    }

    private async Task NamespaceAsync(string ns)
    {
        _namespaces.Add(ns);
        await IpAsync("netns", "add", ns);
    }

    private static Task<Shell.Result> IpAsync(params string[] arguments) => Shell.CheckAsync("ip", arguments, Step);

    public async ValueTask DisposeAsync()
    {
        var problems = new List<string>();
        await Task.WhenAll(Hosts.Select(h => h.HaltAsync(TimeSpan.FromSeconds(30))));

        // Whatever still runs in a lab namespace (a container that did not halt) is killed.
        foreach (var ns in _namespaces)
        {
            var pids = (await Shell.CleanupAsync("ip", "netns", "pids", ns)).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var pid in pids)
            {
                await Shell.CleanupAsync("kill", "-KILL", pid);
            }

            var clock = Stopwatch.StartNew();
            while (pids.Any(p => Directory.Exists($"/proc/{p}")) && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }

            var removed = await Shell.CleanupAsync("ip", "netns", "del", ns);
            if (removed.ExitCode != 0)
            {
                problems.Add($"ip netns del {ns}: {removed}");
            }
        }

        // The containers' cgroups, deepest first (systemd made folders in them); a cgroup is
        // removable once its last process is gone, which the kernel notes a moment after exit.
        foreach (var cgroup in _cgroups)
        {
            var clock = Stopwatch.StartNew();
            while (Directory.Exists(cgroup))
            {
                try
                {
                    foreach (var dir in Directory.EnumerateDirectories(cgroup, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(cgroup))
                    {
                        Directory.Delete(dir);
                    }
                }
                catch (IOException) when (clock.Elapsed < TimeSpan.FromSeconds(10))
                {
                    await Task.Delay(100);
                }
                catch (IOException e)
                {
                    problems.Add($"cgroup {cgroup}: {e.Message}");
                    break;
                }
            }
        }

        foreach (var host in Hosts)
        {
            var lockDir = $"/run/systemd/nspawn/propagate/{host.Machine}";
            if (Directory.Exists(lockDir))
            {
                Directory.Delete(lockDir, recursive: true);
            }
        }

        // Never delete through a mount: nothing of the containers is mounted on this machine
        // (systemd-nspawn mounts in a namespace of its own), and if anything were, deleting the
        // folder could reach what is mounted there.
        var mounts = File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')[1]).Where(m => m.StartsWith(_folder, StringComparison.Ordinal)).ToList();
        if (mounts.Count == 0)
        {
            Directory.Delete(_folder, recursive: true);
        }
        else
        {
            problems.Add($"left {_folder}: mounted on it: {string.Join(", ", mounts)}");
        }

        Assert.True(problems.Count == 0, "removing the lab: " + string.Join("\n", problems));
    }

    /// <summary>Where a container's cgroup folder goes: the cgroup v2 hierarchy and, on a hybrid
    /// layout, cgroup v1's name=systemd one (systemd in the container uses both).</summary>
    private static List<string> CgroupMounts()
    {
        var mounts = File.Exists("/proc/self/mounts") ? File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')).Where(f => f.Length > 3).ToList() : [];
        var found = mounts.Where(f => f[2] == "cgroup2" || (f[2] == "cgroup" && f[3].Split(',').Contains("name=systemd")))
            .Select(f => f[1]).Where(m => m.StartsWith("/sys/fs/cgroup", StringComparison.Ordinal)).Distinct().ToList();
        return found;
    }

    /// <summary>The IPv4 networks this machine's own namespace reaches: its addresses' subnets and
    /// its routes' destinations, default routes aside (read, never changed).</summary>
    private static async Task<List<IPNetwork>> MachineNetworksAsync()
    {
        var found = new List<IPNetwork>();
        using (var addresses = JsonDocument.Parse((await Shell.CheckAsync("ip", ["-j", "-4", "addr", "show"], Step)).Out))
        {
            foreach (var link in addresses.RootElement.EnumerateArray())
            {
                foreach (var info in link.TryGetProperty("addr_info", out var infos) ? infos.EnumerateArray() : default)
                {
                    if (info.TryGetProperty("local", out var local) && info.TryGetProperty("prefixlen", out var length))
                    {
                        found.Add(NetworkOf(local.GetString()!, length.GetInt32()));
                    }
                }
            }
        }

        using var routes = JsonDocument.Parse((await Shell.CheckAsync("ip", ["-j", "-4", "route", "show", "table", "all"], Step)).Out);
        foreach (var route in routes.RootElement.EnumerateArray())
        {
            var destination = route.GetProperty("dst").GetString()!;
            if (destination != "default")
            {
                var cidr = destination.Split('/');
                found.Add(NetworkOf(cidr[0], cidr.Length == 2 ? int.Parse(cidr[1], System.Globalization.CultureInfo.InvariantCulture) : 32));
            }
        }

        return found;
    }

    private static IPNetwork NetworkOf(string address, int length)
    {
        var bytes = IPAddress.Parse(address).GetAddressBytes();
        var mask = length == 0 ? 0u : uint.MaxValue << (32 - length);
        var value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) & mask;
        return new IPNetwork(new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]), length);
    }
}
