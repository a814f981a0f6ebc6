using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Understudy.Packaging.Tests;

public sealed partial class DeployGuideTests
{
    /// <summary>One pass through the guide: a method per section, in the guide's order, each
    /// leaving the cluster as the next section expects it.</summary>
    private sealed partial class Run(HostLab lab, DeployGuide guide, string cluster, Stopwatch clock)
    {
        private const string Role = "web";

        /// <summary>The API port, the default of section 4's table.</summary>
        private const int ApiPort = 7400;

        /// <summary>The longest the role may not answer while the leader restarts: the guide's
        /// "a second or two" (a lease, an election, the workload started again in place), with
        /// room for a busy machine.</summary>
        private static readonly TimeSpan LeaderRestartGap = TimeSpan.FromSeconds(10);

        private string? pin;

        private BootedHost Alpha => lab["alpha"];

        /// <summary>The role's address and its service's base URL (section 7's file).</summary>
        private string Vip => VipLine().Match(guide.Block(7, "yaml")).Groups[1].Value;

        private string Service => ProbeLine().Match(guide.Block(7, "yaml")).Groups[1].Value;

        /// <summary>§1: the .deb with apt, on every host; it starts and enables nothing.</summary>
        public async Task InstallAsync(string deb, string version)
        {
            var name = Path.GetFileName(deb);
            var install = PackageFile().Replace(guide.Command(1, "apt install ./understudy_"), name);
            await Task.WhenAll(lab.Hosts.Select(async host =>
            {
                File.Copy(deb, host.At("/root/" + name));
                var output = await host.CheckAsync(install + "\n" + guide.Command(1, "understudy --version"));
                Assert.Contains(version, output, StringComparison.Ordinal);
                Assert.Equal("inactive", (await host.RunAsync($"systemctl is-active understudy@{host.Name} || true")).Out.Trim());
                Assert.Equal("disabled", (await host.RunAsync($"systemctl is-enabled understudy@{host.Name} || true")).Out.Trim());
            }));
            Step("§1 installed on every host");
        }

        /// <summary>§2: the key made on alpha with the guide's commands, copied as its scp and ssh lines say.</summary>
        public async Task KeyAsync()
        {
            await Alpha.CheckAsync(guide.Script(2, 0));
            var key = await File.ReadAllTextAsync(Alpha.At("/etc/understudy/cluster.key"));
            Assert.Equal(32, Convert.FromBase64String(key.Trim()).Length);

            var scp = ScpLine().Match(guide.Command(2, "scp "));
            var ssh = SshLine().Match(guide.Command(2, "ssh "));
            Assert.True(scp.Success && ssh.Success, "section 2's scp and ssh lines changed");
            Assert.Equal("/etc/understudy/cluster.key", scp.Groups["from"].Value);
            foreach (var host in lab.Hosts.Where(h => h != Alpha))
            {
                // What scp does: the file, written on the other host (in its own /tmp: the container's).
                await host.CheckAsync($"cat > {scp.Groups["to"].Value}", input: key);
                await host.CheckAsync(ssh.Groups["command"].Value);
                Assert.Equal(key, await File.ReadAllTextAsync(host.At("/etc/understudy/cluster.key")));
            }

            foreach (var host in lab.Hosts)
            {
                Assert.Equal("640 root understudy", (await host.CheckAsync("stat -c '%a %U %G' /etc/understudy/cluster.key")).Trim());
            }

            Step("§2 one key on every host");
        }

        /// <summary>§3: the guide's cluster file on every host, from the example, validated.</summary>
        public async Task ClusterFileAsync(string file)
        {
            guide.Command(3, "editor /etc/understudy/cluster.yaml");
            foreach (var host in lab.Hosts)
            {
                await host.CheckAsync(guide.Command(3, "cp /etc/understudy/cluster.yaml.example /etc/understudy/cluster.yaml"));
                await File.WriteAllTextAsync(host.At("/etc/understudy/cluster.yaml"), file);
                var valid = await host.CheckAsync(guide.Command(3, "understudy validate -f /etc/understudy/cluster.yaml"));
                Assert.Contains($"cluster '{cluster}' with 3 nodes is valid", valid, StringComparison.Ordinal);
            }

            Step("§3 the cluster file on every host");
        }

        /// <summary>§4: the guide's table, loaded with its commands; at boot (nftables.service) and
        /// loaded again after an edit, one copy of it.</summary>
        public async Task FirewallAsync()
        {
            var table = guide.Block(4, "nft");
            var load = guide.Command(4, "nft -f /etc/nftables.d/understudy.nft");
            guide.Command(4, "editor /etc/nftables.d/understudy.nft");
            await Task.WhenAll(lab.Hosts.Select(async host =>
            {
                await host.CheckAsync(guide.Command(4, "mkdir -p /etc/nftables.d"));
                await File.WriteAllTextAsync(host.At("/etc/nftables.d/understudy.nft"), table);
                Assert.Contains("table inet understudy", await host.CheckAsync(load), StringComparison.Ordinal);
                await host.CheckAsync(guide.Command(4, "echo 'include \"/etc/nftables.d/*.nft\"' >> /etc/nftables.conf"));
                Assert.Equal("enabled", (await host.CheckAsync("systemctl is-enabled nftables")).Trim());

                // What boot does: nftables.service loads /etc/nftables.conf, which now includes it.
                await host.CheckAsync("systemctl restart nftables");
                Assert.Single(DropLine().Matches(await host.CheckAsync("nft list ruleset")));
                Assert.Single(DropLine().Matches(await host.CheckAsync(load)));
            }));
            Step("§4 the firewall on every host");
        }

        /// <summary>§5: systemctl enable --now on each host; the unit runs the node as the guide
        /// says (its command line, user, capabilities, data folder, journal).</summary>
        public async Task StartAsync()
        {
            var enable = guide.Command(5, "systemctl enable --now understudy@alpha");
            await Task.WhenAll(lab.Hosts.Select(h => h.CheckAsync(DeployGuide.For(enable, h.Name))));
            foreach (var host in lab.Hosts)
            {
                var status = await host.RunAsync(DeployGuide.For(guide.Command(5, "systemctl status understudy@alpha"), host.Name));
                Assert.True(status.ExitCode == 0 && status.Out.Contains("active (running)", StringComparison.Ordinal), $"systemctl status on {host.Name}: {status}");
                var pid = (await host.CheckAsync($"systemctl show -p MainPID --value understudy@{host.Name}")).Trim();
                Assert.Equal($"/usr/bin/understudy\0node\0run\0--node\0{host.Name}\0", await host.CheckAsync($"cat /proc/{pid}/cmdline"));
                var process = await host.CheckAsync($"grep -E '^(Uid|CapAmb):' /proc/{pid}/status");
                var uid = (await host.CheckAsync("id -u understudy")).Trim();
                Assert.Matches($@"Uid:\s+{uid}\s", process);
                // CAP_NET_ADMIN (12), CAP_NET_RAW (13), CAP_BPF (39), and no other.
                Assert.Contains("CapAmb:\t0000008000003000", process, StringComparison.Ordinal);
                Assert.True(Directory.Exists(host.At($"/var/lib/understudy/{cluster}/{host.Name}/raft")), $"{host.Name} keeps its database in /var/lib/understudy/{cluster}/{host.Name}");
            }

            Step("§5 a node running under systemd on every host");
        }

        /// <summary>§6: status on a host and from the admin workstation; the firewall lets the
        /// cluster and the admins in and drops the Raft port for the admins.</summary>
        public async Task CheckAsync()
        {
            var status = await EventuallyAsync(() => StatusAsync(lab["bravo"]), s => s.AllUp, "every node Up with a leader and quorum");
            Assert.Single(status.Nodes, n => n.Name == status.Leader);
            foreach (var host in lab.Hosts)
            {
                // §5's journal: the node's own lines, under its PID (the leader's says it was elected).
                var journal = DeployGuide.For(DeployGuide.Bare(guide.Command(5, "journalctl -u understudy@alpha -f")), host.Name).Replace(" -f", " --no-pager", StringComparison.Ordinal);
                Assert.Contains($"understudy[{status.Of(host.Name).Pid}]: ", await host.CheckAsync(journal), StringComparison.Ordinal);
            }

            Assert.Contains("quorum yes", await lab["bravo"].CheckAsync(guide.Command(6, "understudy status")), StringComparison.Ordinal);
            Assert.True(ClusterStatus.Parse(await lab["charlie"].CheckAsync(guide.Command(6, "understudy status --json"))).AllUp);

            // From the admin workstation, without the key: one node named by its API address
            // (https on the LAN), its certificate checked against the pin a node printed.
            var node = NodeUrl().Match(guide.Text(6)).Groups[1].Value;
            Assert.Equal($"https://{Alpha.Address}:7400", node);
            var remote = await lab.OnClientAsync($"UNDERSTUDY_API_PIN={await PinAsync()}", Alpha.At("/usr/lib/understudy/understudy"), "status", "--json", "--node", node);
            Assert.True(remote.ExitCode == 0 && ClusterStatus.Parse(remote.Out).AllUp, $"status from the client: {remote}");
            var wrongPin = await lab.OnClientAsync("UNDERSTUDY_API_PIN=sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", Alpha.At("/usr/lib/understudy/understudy"), "status", "--json", "--node", node);
            Assert.True(wrongPin.ExitCode != 0, $"status from the client with another pin was answered: {wrongPin}");

            // §4's rules at work: the nodes reach each other (the cluster formed with them in
            // place), the admins reach the API, and the Raft port drops the admins' packets (a
            // timeout, not the refusal or TLS answer it would be without the rule).
            var raft = await lab.OnClientAsync("curl", "-s", "-m", "3", $"http://{Alpha.Address}:7401/");
            Assert.True(raft.ExitCode == 28, $"the Raft port answered the client: {raft}");
            Step("§6 three nodes Up, seen from a host and from the admin workstation");
        }

        /// <summary>§7: the role added to the running cluster; its address answers the client and
        /// moves with the role, by role move and when its owner's node stops.</summary>
        public async Task RoleAddressAsync()
        {
            var roles = guide.Block(7, "yaml");
            var entry = string.Join('\n', roles.Split('\n').SkipWhile(l => !l.StartsWith("  - name:", StringComparison.Ordinal))
                .Select(l => l.Length >= 4 ? l[4..] : l.TrimStart()));
            await File.WriteAllTextAsync(Alpha.At("/root/web.yaml"), entry);
            await Alpha.CheckAsync(guide.Command(7, "understudy role add -f web.yaml --wait"));
            var status = await StatusAsync(Alpha);
            Assert.Equal(("Online", "alpha"), (status!.RoleNamed(Role)!.State, status.RoleNamed(Role)!.Owner));
            Assert.Contains(Role, await Alpha.CheckAsync(guide.Command(7, "understudy role list")), StringComparison.Ordinal);

            var put = await lab.OnClientAsync("sh", "-c", guide.Command(7, "curl -X PUT --data hello"));
            Assert.True(put.ExitCode == 0 && put.Out.StartsWith("stored", StringComparison.Ordinal), $"the PUT of the guide: {put}");
            Assert.Equal("hello", await ClientGetAsync("/kv/greeting"));
            Assert.Equal("640 understudy understudy", (await Alpha.CheckAsync($"stat -c '%a %U %G' /var/lib/understudy/{cluster}/alpha/roles/{Role}/kv.json")).Trim());

            await Alpha.CheckAsync(guide.Command(7, "understudy role move web --to bravo --wait"));
            Assert.DoesNotContain(Vip + "/", await Alpha.CheckAsync(guide.Command(7, "ip addr show eth0")), StringComparison.Ordinal);
            Assert.Contains(Vip + "/", await lab["bravo"].CheckAsync("ip addr show eth0"), StringComparison.Ordinal);
            // Before the client sends anything: its neighbour entry for the address, alpha's until
            // now, names bravo's eth0 because bravo announced it (the gratuitous ARP).
            var mac = (await lab["bravo"].CheckAsync("ip -br link show eth0")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
            await EventuallyAsync(async () => (await lab.OnClientAsync("ip", "neigh", "show", Vip, "dev", "eth0")).Out, n => n.Contains($"lladdr {mac}", StringComparison.Ordinal), "the client's neighbour entry to name bravo (its gratuitous ARP)");
            Assert.StartsWith("ok node=bravo", await ClientGetAsync("/healthz"), StringComparison.Ordinal);
            Assert.Equal("", await ClientGetAsync("/kv/greeting"));   // its data stays on alpha

            // The owner's node stopped: the address and service go to another host.
            await lab["bravo"].CheckAsync("systemctl stop understudy@bravo");
            var answer = await EventuallyAsync<string>(async () => await ClientGetAsync("/healthz"), a => a.StartsWith("ok node=", StringComparison.Ordinal), "the role to answer from another host after bravo stopped");
            Assert.DoesNotContain("node=bravo", answer, StringComparison.Ordinal);
            Assert.DoesNotContain(Vip + "/", await lab["bravo"].CheckAsync("ip addr show eth0"), StringComparison.Ordinal);
            await lab["bravo"].CheckAsync("systemctl start understudy@bravo");
            await EventuallyAsync(() => StatusAsync(Alpha), s => s.AllUp, "bravo Up again");
            Step($"§7 the role's address moved to bravo, and to {answer.Split(' ')[1]["node=".Length..]} when bravo stopped");
        }

        /// <summary>§8: each host in turn, the leader last as the guide says; the role answers the
        /// client from another host all through a host's upgrade and restart, but for the second
        /// or so the guide allows when the host that restarts leads; the upgrade restarts nothing.</summary>
        public async Task UpgradeAsync(DebPackage package, string next)
        {
            var name = $"understudy_{next}_amd64.deb";
            var newer = Path.Combine(lab.Hosts[0].At("/root"), name);
            await package.RepackAsync(next, newer);
            foreach (var host in lab.Hosts.Skip(1))
            {
                File.Copy(newer, host.At("/root/" + name));
            }

            Assert.Contains("Upgrade the node that leads (`understudy status` names it) last", guide.Text(8), StringComparison.Ordinal);
            var pause = guide.Command(8, "understudy node pause alpha --wait");
            var install = PackageFile().Replace(guide.Command(8, "apt install ./understudy_"), name);
            var restart = guide.Command(8, "systemctl restart understudy@alpha");
            var resume = guide.Command(8, "understudy node resume alpha --wait");
            var left = lab.Hosts.ToList();
            while (left.Count > 0)
            {
                var leader = (await EventuallyAsync(() => StatusAsync(left[0]), s => s.AllUp, "every node Up before the next upgrade")).Leader;
                var host = left.FirstOrDefault(h => h.Name != leader) ?? left[0];
                left.Remove(host);
                await host.CheckAsync(DeployGuide.For(pause, host.Name));
                var paused = await StatusAsync(host);
                Assert.True(paused!.Roles.All(r => r.Owner != host.Name), $"a role is still on {host.Name}: {paused}");
                // The move off the paused node ends when the role is Online on another (pause
                // --wait does not wait for that): from then on it must answer.
                await EventuallyAsync(() => StatusAsync(host), s => s.RoleNamed(Role) is { State: "Online", Owner: { } o } && o != host.Name, $"the role Online off {host.Name}");

                await using var probe = RoleAvailability.Start(() => ClientGetAsync("/healthz"));
                var before = (await host.CheckAsync($"systemctl show -p MainPID --value understudy@{host.Name}")).Trim();
                await host.CheckAsync(install);
                Assert.Equal(next, (await host.CheckAsync("dpkg-query -W -f '${Version}' understudy")).Trim());
                Assert.Equal(before, (await host.CheckAsync($"systemctl show -p MainPID --value understudy@{host.Name}")).Trim());
                var leads = (await StatusAsync(host))?.Leader == host.Name;
                await host.CheckAsync(DeployGuide.For(restart, host.Name));
                var after = (await host.CheckAsync($"systemctl show -p MainPID --value understudy@{host.Name}")).Trim();
                Assert.NotEqual(before, after);
                await EventuallyAsync(() => StatusAsync(host), s => s.Of(host.Name) is { State: "Paused", Pid: { } p } && p.ToString(System.Globalization.CultureInfo.InvariantCulture) == after, $"{host.Name} back, still Paused, with its new PID {after}");
                await host.CheckAsync(DeployGuide.For(resume, host.Name));
                var status = ClusterStatus.Parse(await host.CheckAsync(DeployGuide.Bare(guide.Command(8, "understudy status")) + " --json"));
                Assert.True(status.AllUp, $"after {host.Name}'s upgrade: {status}");
                var gap = await probe.AssertAnsweredAsync($"while {host.Name}{(leads ? " (the leader)" : "")} was upgraded and restarted", leads ? LeaderRestartGap : TimeSpan.Zero);
                Step($"§8 {host.Name}{(leads ? " (the leader)" : "")} upgraded; the role {(gap is { } g ? $"did not answer for {g.TotalSeconds:F1} s" : "answered throughout")}");
            }
        }

        /// <summary>§9: charlie's folder backed up as the guide says; a role added after it; the
        /// whole cluster restored from it: the backup's roles, not the later one.</summary>
        public async Task BackUpAndRestoreAsync()
        {
            var charlie = lab["charlie"];
            await charlie.CheckAsync(guide.Script(9, 0));
            var backup = Assert.Single(Directory.GetFiles(charlie.At("/root"), "understudy-*.tgz"));
            var listing = await charlie.CheckAsync($"tar -tvzf /root/{Path.GetFileName(backup)}");
            Assert.Contains($"understudy/understudy", listing, StringComparison.Ordinal);
            Assert.Contains($"{cluster}/charlie/raft/", listing, StringComparison.Ordinal);
            await EventuallyAsync(() => StatusAsync(Alpha), s => s.AllUp && s.RoleNamed(Role)?.State == "Online", "charlie back after its backup");

            // A role added after the backup, which the restore must undo.
            await File.WriteAllTextAsync(Alpha.At("/root/later.yaml"), "name: later\nresources:\n  - name: nap\n    type: process\n    command: sleep\n    args: [infinity]\n");
            await Alpha.CheckAsync("understudy role add -f later.yaml --wait");

            var steps = guide.Script(9, 1).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => BackupFile().Replace(l, "/root/" + Path.GetFileName(backup))).ToList();
            Assert.StartsWith("systemctl stop understudy@alpha", steps[0], StringComparison.Ordinal);
            Assert.StartsWith("systemctl start understudy@alpha", steps[^1], StringComparison.Ordinal);
            foreach (var host in lab.Hosts.Where(h => h != charlie))
            {
                File.Copy(backup, host.At("/root/" + Path.GetFileName(backup)));
            }

            foreach (var host in lab.Hosts)
            {
                await host.CheckAsync(DeployGuide.For(steps[0], host.Name));
            }

            foreach (var host in lab.Hosts)
            {
                await host.CheckAsync(string.Join('\n', steps.Skip(1).SkipLast(1).Select(l => DeployGuide.For(l, host.Name))));
            }

            await Task.WhenAll(lab.Hosts.Select(h => h.CheckAsync(DeployGuide.For(steps[^1], h.Name))));

            var restored = await EventuallyAsync(() => StatusAsync(Alpha), s => s.Quorum && s.Nodes.All(n => n.State is "Up" or "Paused") && s.Nodes.All(n => n.Pid is not null), "the restored cluster to form");
            Assert.Equal(new[] { Role }, restored.Roles.Select(r => r.Name));
            Assert.Equal("Paused", restored.Of("charlie").State);

            // As the guide says: resume charlie (paused when backed up), let back any node whose
            // restart was its third departure within the hour.
            const string resume = "understudy node resume charlie --wait";
            Assert.Contains($"`sudo {resume}`", guide.Text(9), StringComparison.Ordinal);
            Assert.Contains("`sudo understudy node clear-quarantine NAME`", guide.Text(9), StringComparison.Ordinal);
            var final = await EventuallyAsync(
                async () =>
                {
                    var now = await StatusAsync(Alpha);
                    foreach (var node in now?.Nodes.Where(n => n.QuarantinedUntil is not null) ?? [])
                    {
                        Report($"after the restore: {node.Name} quarantined ({node.Reason}); clearing it as the guide says");
                        await Alpha.CheckAsync($"understudy node clear-quarantine {node.Name}");
                    }

                    if (now?.Of("charlie") is { State: "Paused", QuarantinedUntil: null })
                    {
                        await Alpha.RunAsync(resume);
                    }

                    return now;
                },
                s => s.AllUp && s.RoleNamed(Role)?.State == "Online" && s.Nodes.All(n => n.QuarantinedUntil is null),
                "every node Up and the role Online after the restore");
            Assert.Null(final.RoleNamed("later"));
            await EventuallyAsync<string>(async () => await ClientGetAsync("/healthz"), a => a.StartsWith("ok node=", StringComparison.Ordinal), "the restored role to answer the client");
            Step("§9 backed up, and the whole cluster restored from it");
        }

        private void Step(string what) => Report($"{clock.Elapsed.TotalSeconds:F0} s: {what}");

        /// <summary>
        /// The cluster's status as its leader has it, asked from the admin workstation with curl
        /// (<c>/api/status</c>, what <c>status --json</c> prints) through <paramref name="via"/>'s
        /// node, then the leader that one names; null when <paramref name="via"/>'s node does not
        /// answer. The guide's own <c>understudy status</c> runs where the guide says; the test's
        /// many waits ask this way, which costs a curl instead of a .NET process on a busy machine.
        /// </summary>
        private async Task<ClusterStatus?> StatusAsync(BootedHost via)
        {
            var first = await ApiStatusAsync(via);
            return first is { Leader: { } leader } && leader != first.AnsweredBy ? await ApiStatusAsync(lab[leader]) ?? first : first;
        }

        private async Task<ClusterStatus?> ApiStatusAsync(BootedHost node)
        {
            // curl checks the node's certificate by its pin alone (-k: no CA to trust).
            var result = await lab.OnClientAsync("curl", "-s", "-f", "-m", "3", "-k", "--pinnedpubkey", await PinAsync(), $"https://{node.Address}:{ApiPort}/api/status");
            return result.ExitCode == 0 ? ClusterStatus.Parse(result.Out) : null;
        }

        /// <summary>The pin of the cluster's API certificate, as the guide gets it: printed by a node.</summary>
        private async Task<string> PinAsync() =>
            pin ??= (await lab["alpha"].CheckAsync(DeployGuide.Bare(guide.Command(6, "understudy token --api-pin")))).Trim();

        /// <summary>The body the client gets from the role's service, or "" when it did not answer
        /// with success within 3 s.</summary>
        private async Task<string> ClientGetAsync(string path)
        {
            var result = await lab.OnClientAsync("curl", "-s", "-f", "-m", "3", Service + path);
            return result.ExitCode == 0 ? result.Out : "";
        }

        private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<T, bool> condition, string what)
            where T : class
        {
            var clock = Stopwatch.StartNew();
            T? last = null;
            while (clock.Elapsed < Deadline)
            {
                last = await probe();
                if (last is not null && condition(last))
                {
                    return last;
                }

                await Task.Delay(250);
            }

            throw new TimeoutException($"timed out after {Deadline} waiting for {what}; last seen: {last?.ToString() ?? "(nothing)"}");
        }

        [GeneratedRegex(@"understudy_[^ ]+_amd64\.deb")]
        private static partial Regex PackageFile();

        [GeneratedRegex(@"/root/understudy-\d{4}-\d{2}-\d{2}\.tgz")]
        private static partial Regex BackupFile();

        [GeneratedRegex(@"^scp (?<from>\S+) bravo:(?<to>\S+)$")]
        private static partial Regex ScpLine();

        [GeneratedRegex(@"^ssh bravo '(?<command>[^']+)'$")]
        private static partial Regex SshLine();

        [GeneratedRegex(@"type: address\n\s+address: ([\d.]+)")]
        private static partial Regex VipLine();

        [GeneratedRegex(@"http: (http://[\d.]+:\d+)/healthz")]
        private static partial Regex ProbeLine();

        [GeneratedRegex(@"udp dport 7402 drop")]
        private static partial Regex DropLine();

        [GeneratedRegex(@"--node (https://[\d.]+:\d+)")]
        private static partial Regex NodeUrl();
    }
}
