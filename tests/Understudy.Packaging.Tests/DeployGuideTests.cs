using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Understudy.Packaging.Tests;

/// <summary>
/// docs/deploy.md followed on a host lab, section by section, with the guide's own commands, files
/// and addresses, read from the guide itself (<see cref="DeployGuide"/>): a change to the guide
/// that the test does not follow fails it.
/// <para>
/// The hosts (<see cref="HostLab"/>): three network namespaces on one LAN with a client, the host
/// lab's shape (docs/lab.md), and in each host's namespace a clean Debian 12 root of its own (the
/// package's Depends and Recommends, and systemd) booted by <c>systemd-nspawn</c> with systemd
/// as its PID 1 and its own mount, PID and cgroup namespaces. So the real <c>.deb</c> is
/// installed with <c>apt install</c> into each host's own mount namespace, and the nodes are
/// started, restarted and stopped with <c>systemctl</c> through the packaged unit — its
/// <c>User=</c>, capabilities, sandbox and <c>Type=notify</c> as on a real host, not an
/// imitation of its ExecStart. The LAN is the guide's 192.168.10.0/24 unless this machine's
/// namespace reaches it (then another /24, substituted wherever the guide names an address).
/// </para>
/// <para>
/// What the test does instead of the guide: it runs as root on the hosts, so <c>sudo</c> is
/// dropped; <c>scp</c>/<c>ssh</c> are a copy through the test and the quoted command run on that
/// host; <c>editor</c> is the test writing the guide's file; <c>journalctl -f</c> is read without
/// <c>-f</c>; the client (the admin workstation) runs this machine's <c>curl</c> and the installed
/// <c>understudy</c> from alpha's root. The upgrade installs the same files as a later version
/// (<see cref="DebPackage.RepackAsync"/>). Beyond the guide, to check what it promises: the role
/// moves when its owner's node is stopped; it answers the client all through each host's upgrade;
/// the firewall drops what it should; a role added after the backup is gone after the restore.
/// </para>
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed partial class DeployGuideTests(DebPackage package)
{
    /// <summary>Generous for a busy 2-core machine; every wait ends as soon as its condition holds.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Guide_ThreeHostsFromNothing_ClusterRoleAddressRollingUpgradeAndBackup()
    {
        if ((package.SkipReason ?? HostLab.Missing()) is { } missing)
        {
            Assert.Skip(missing);
        }

        var deb = await package.BuildAsync();

        var clock = Stopwatch.StartNew();
        var version = await package.FieldAsync("Version");
        var tarball = await DebianRoot.TarballAsync((await package.PackagesOfAsync("Depends")).Concat(await package.PackagesOfAsync("Recommends")).Append("systemd"));
        var lan = await HostLab.ChooseLanAsync(DeployGuide.GuideLan);
        var guide = DeployGuide.Load(lan);
        var file = guide.Block(3, "yaml");
        var nodes = NodeLine().Matches(file).Select(m => (Name: m.Groups["name"].Value, Octet: int.Parse(m.Groups["address"].Value.Split('.')[3], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(["alpha", "bravo", "charlie"], nodes.Select(n => n.Name));
        var cluster = ClusterName().Match(file).Groups[1].Value;
        Report($"package {version} built in {package.BuildTime.TotalSeconds:F0} s; Debian root {Path.GetFileName(tarball)}; LAN {lan}.0/24");

        await using var lab = await HostLab.CreateAsync(lan, tarball, nodes, Deadline);
        Report($"{clock.Elapsed.TotalSeconds:F0} s: lab up, three hosts booted");
        var run = new Run(lab, guide, cluster, clock);

        try
        {
            await run.InstallAsync(deb, version);
            await run.KeyAsync();
            await run.ClusterFileAsync(file);
            await run.FirewallAsync();
            await run.StartAsync();
            await run.CheckAsync();
            await run.RoleAddressAsync();
            await run.UpgradeAsync(package, version + ".1");
            await run.BackUpAndRestoreAsync();
        }
        catch
        {
            // What each host's journal says, for whoever reads the failure.
            foreach (var host in lab.Hosts)
            {
                var journal = await host.RunAsync("journalctl --no-pager -o short-precise -n 300 -u 'understudy@*'");
                Report($"--- journal of {host.Name}:\n{journal.Out}{journal.Error}");
            }

            throw;
        }

        Report($"{clock.Elapsed.TotalSeconds:F0} s: the guide followed to its end; removing the lab");
    }

    internal static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    [GeneratedRegex(@"- name: (?<name>\w+)\n\s+address: (?<address>[\d.]+)")]
    private static partial Regex NodeLine();

    [GeneratedRegex(@"cluster:\n\s+name: (\w+)")]
    private static partial Regex ClusterName();
}
