namespace Understudy.Packaging.Tests;

/// <summary>
/// The .deb installed into a clean Debian 12 root (mmdebstrap minbase plus the package's Depends
/// and systemd), as <c>dpkg -i</c> on a fresh host: the user, the files and their modes, the
/// program, the example cluster file, the unit, an upgrade and a purge; then a node of the installed package run as the
/// unit runs it, as the understudy user with only the unit's three capabilities, doing what needs
/// them: a role address on an interface, net.ipv4.tcp_migrate_req, NLB steering in the BPF filesystem.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class DebPackageTests(DebPackage package)
{
    [Fact]
    public async Task Install_CleanDebian12Root_UserFilesAndProgramInPlace()
    {
        using var root = await InstalledRootAsync();

        var passwd = (await root.CheckAsync("getent", "passwd", "understudy")).Out.Trim().Split(':');
        Assert.True(int.Parse(passwd[2], System.Globalization.CultureInfo.InvariantCulture) < 1000, $"understudy is a system user: {string.Join(':', passwd)}");
        Assert.Equal("/var/lib/understudy", passwd[5]);
        Assert.Equal("/usr/sbin/nologin", passwd[6]);

        Assert.Equal(
            """
            /etc/understudy 750 root understudy
            /var/lib/understudy 750 understudy understudy
            /usr/lib/understudy/understudy 755 root root
            /usr/lib/understudy/understudy-guard 755 root root
            /usr/lib/understudy/understudy-bpffs 755 root root
            /lib/systemd/system/understudy@.service 644 root root
            /etc/understudy/cluster.yaml.example 644 root root
            """.ReplaceLineEndings("\n"),
            (await root.CheckAsync("stat", "-c", "%n %a %U %G", "/etc/understudy", "/var/lib/understudy", "/usr/lib/understudy/understudy",
                "/usr/lib/understudy/understudy-guard", "/usr/lib/understudy/understudy-bpffs", "/lib/systemd/system/understudy@.service",
                "/etc/understudy/cluster.yaml.example")).Out.Trim());
        Assert.Equal("/usr/lib/understudy/understudy", (await root.CheckAsync("readlink", "-f", "/usr/bin/understudy")).Out.Trim());

        // Installing starts and enables nothing, and writes no cluster file.
        Assert.False(File.Exists(root.At("/etc/understudy/cluster.yaml")), "the package must not write a cluster file");
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.At("/etc/systemd/system"), "understudy*", SearchOption.AllDirectories));

        var version = await package.FieldAsync("Version");
        Assert.Contains(version, (await root.CheckAsync("understudy", "--version")).Out, StringComparison.Ordinal);
        var valid = await root.CheckAsync("understudy", "validate", "-f", "/etc/understudy/cluster.yaml.example");
        Assert.Contains("is valid", valid.Out, StringComparison.Ordinal);

        // systemd's own check of the unit, as an instance (it also checks every Exec path exists).
        var verify = await root.CheckAsync("systemd-analyze", "verify", "/lib/systemd/system/understudy@alpha.service");
        Assert.True(verify.Error.Trim().Length == 0, $"systemd-analyze verify warned: {verify}");

        // An upgrade (the same files as a later version) keeps the operator's files and starts nothing.
        await File.WriteAllTextAsync(root.At("/etc/understudy/cluster.yaml"), "# the operator's\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(root.At("/var/lib/understudy/marker"), "data\n", TestContext.Current.CancellationToken);
        await package.RepackAsync(version + ".1", root.At("/tmp/understudy-next.deb"));
        await root.CheckAsync("dpkg", "-i", "/tmp/understudy-next.deb");
        Assert.Equal(version + ".1", (await root.CheckAsync("dpkg-query", "-W", "-f", "${Version}", "understudy")).Out.Trim());
        Assert.Equal("# the operator's\n", await File.ReadAllTextAsync(root.At("/etc/understudy/cluster.yaml"), TestContext.Current.CancellationToken));
        Assert.True(File.Exists(root.At("/var/lib/understudy/marker")), "an upgrade must keep the data directory");

        // Purge removes the program and keeps the user, the configuration and the data.
        await root.CheckAsync("dpkg", "--purge", "understudy");
        Assert.False(File.Exists(root.At("/usr/lib/understudy/understudy")));
        Assert.True(Directory.Exists(root.At("/var/lib/understudy")), "a cluster's database must survive a purge");
        await root.CheckAsync("getent", "passwd", "understudy");
    }

    [Fact]
    public async Task Installed_NodeAsTheUnitRunsIt_LeadsAddsARoleAddressAndSteersWithoutRoot()
    {
        using var root = await InstalledRootAsync();
        var unit = await File.ReadAllTextAsync(root.At("/lib/systemd/system/understudy@.service"), TestContext.Current.CancellationToken);
        var capabilities = CapabilitiesOf(unit);
        Assert.Equal(["net_admin", "net_raw", "bpf"], capabilities);
        await File.WriteAllTextAsync(root.At("/tmp/node-check.sh"), NodeCheckScript(string.Join(',', capabilities)), TestContext.Current.CancellationToken);

        var run = await root.RunAsync("sh", "/tmp/node-check.sh");

        Assert.True(run.ExitCode == 0, $"the installed node, run as the understudy user: {run}");
        Assert.Contains("uid=understudy", run.Out, StringComparison.Ordinal);
        Assert.Contains("address on lan0: 10.213.0.1/32", run.Out, StringComparison.Ordinal);
        Assert.Contains("net.ipv4.tcp_migrate_req = 1", run.Out, StringComparison.Ordinal);
        Assert.Contains("[1428] NLB: new connections to 127.0.0.100 are steered", run.Out, StringComparison.Ordinal);
        Assert.True(Directory.Exists(root.At("/var/lib/understudy/solo/solo/raft")), $"the node keeps its database under $STATE_DIRECTORY: {run}");
    }

    private async Task<DebianRoot> InstalledRootAsync()
    {
        var deb = await package.BuildAsync();
        var packages = (await package.PackagesOfAsync("Depends")).Append("systemd");
        var root = await DebianRoot.CreateAsync(packages);
        try
        {
            File.Copy(deb, root.At("/tmp/understudy.deb"));
            await root.CheckAsync("dpkg", "-i", "/tmp/understudy.deb");
            return root;
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>The unit's AmbientCapabilities= as setpriv names them (CAP_NET_ADMIN → net_admin).</summary>
    private static string[] CapabilitiesOf(string unit) =>
        unit.Split('\n').Single(l => l.StartsWith("AmbientCapabilities=", StringComparison.Ordinal))["AmbientCapabilities=".Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => c["CAP_".Length..].ToLowerInvariant()).ToArray();

    /// <summary>
    /// Inside the root's own network namespace (loopback and a veth pair, nothing of the
    /// machine's): a one-node cluster file with a role whose address goes on lan0 and an NLB rule
    /// (which sets net.ipv4.tcp_migrate_req and pins its steering maps), then the node started as
    /// the unit starts it (the understudy user, <paramref name="caps"/> ambient and
    /// bounding, no new privileges, $STATE_DIRECTORY), until status says it leads with quorum and
    /// the role's address is on the interface and connections are steered (event 1428), at most 120 s.
    /// </summary>
    private static string NodeCheckScript(string caps) => $$"""
        set -eu
        ip link set lo up
        ip link add lan0 type veth peer name lan1
        ip link set lan0 up && ip link set lan1 up
        head -c 32 /dev/urandom | base64 > /etc/understudy/cluster.key
        chown root:understudy /etc/understudy/cluster.key
        chmod 0640 /etc/understudy/cluster.key
        cat > /etc/understudy/cluster.yaml <<'EOF'
        cluster:
          name: solo
          keyFile: cluster.key
        nodes:
          - name: solo
            address: 127.0.0.1
        roles:
          - name: web
            resources:
              - name: ip
                type: address
                address: 10.213.0.1
                interface: lan0
        nlb:
          address: 127.0.0.100
          rules:
            - name: raw
              ports: 8081
              protocol: tcp
              affinity: none
              targetPort: 9080
        EOF
        # A BPF filesystem of this mount namespace's own, mounted as systemd mounts it (mode 0700),
        # then the unit's root pre-start step.
        mkdir -p /sys/fs/bpf
        mount -t bpf bpf /sys/fs/bpf -o mode=700
        /usr/lib/understudy/understudy-bpffs understudy
        cd /var/lib/understudy
        STATE_DIRECTORY=/var/lib/understudy setpriv --reuid=understudy --regid=understudy --init-groups \
          --inh-caps=-all,+{{caps.Replace(",", ",+", StringComparison.Ordinal)}} --ambient-caps=-all,+{{caps.Replace(",", ",+", StringComparison.Ordinal)}} \
          --bounding-set=-all,+{{caps.Replace(",", ",+", StringComparison.Ordinal)}} --no-new-privs \
          sh -c 'echo "uid=$(id -un)" >&2; exec understudy node run --node solo' > /tmp/node.log 2>&1 &
        node=$!
        ok=""
        for _ in $(seq 1 120); do
          if understudy status --json > /tmp/status.json 2>/dev/null && grep -q '"quorum": *true' /tmp/status.json \
             && ip -o -4 addr show dev lan0 | grep -q 10.213.0.1/32 && grep -q '\[1428\]' /tmp/node.log; then ok=1; break; fi
          sleep 1
        done
        echo "address on lan0: $(ip -o -4 addr show dev lan0 | awk '{print $4}')"
        kill -TERM "$node"; wait "$node" || true
        cat /tmp/node.log
        cat /tmp/status.json 2>/dev/null || true
        [ -n "$ok" ]
        """;
}
