namespace Understudy.Cli.Tests.Lab;

/// <summary>
/// <c>understudy up --hosts</c> and the <c>lab</c> commands for real (root): a LAN that exists
/// only in the lab's namespaces, the CLI reaching it from the machine's shell, each fault seen
/// on the wire, refusals that name what to change, and nothing left behind however up ends.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class HostLabTests
{
    [Fact]
    public async Task UpHosts_LanOnlyInNamespaces_CliReachesIt_FaultsWork_SigtermRemovesAll()
    {
        await using var lab = LabCluster.Start();
        await lab.BuiltAsync();

        // The lab: five namespaces; its addresses and links nowhere in the machine's own.
        var namespaces = await LabCluster.ExistingNamespacesAsync();
        Assert.All(lab.Namespaces, ns => Assert.Contains(ns, namespaces));
        Assert.DoesNotContain(lab.Lan + ".", (await LabCluster.RunAsync("ip", "-br", "addr")).Out, StringComparison.Ordinal);
        Assert.Equal([lab.AddressOf("alpha")], await lab.AddressesAsync("alpha"));
        Assert.Equal($"{lab.Lan}.0/24 dev eth0 proto kernel scope link src {lab.AddressOf("alpha")}", (await lab.InAsync("alpha", "ip", "route")).Out.Trim());

        // The CLI, run from the machine's shell, reaches the nodes through the client by itself.
        await lab.FormedAsync();
        await LabCluster.EventuallyAsync(lab.StatusAsync, s => s.Nodes.All(n => n.State == "Up"), "every node Up, seen by understudy status -f");
        var exec = await LabCluster.CliAsync("lab", "exec", "--lab", lab.Name, "client", "--", "ip", "-br", "-4", "addr", "show", "eth0");
        Assert.Equal(0, exec.ExitCode);
        Assert.Contains($"{lab.Lan}.250/24", exec.Out, StringComparison.Ordinal);

        // The cable.
        Assert.Equal(0, (await LabCluster.CliAsync("lab", "cut", "--lab", lab.Name, "alpha")).ExitCode);
        Assert.Contains("state DOWN", (await lab.InAsync("alpha", "ip", "link", "show", "eth0")).Out, StringComparison.Ordinal);
        Assert.False(await ReachesAsync(lab, "bravo", "alpha"));
        Assert.Equal(0, (await LabCluster.CliAsync("lab", "mend", "--lab", lab.Name, "alpha")).ExitCode);
        await LabCluster.EventuallyAsync(async () => await ReachesAsync(lab, "bravo", "alpha") ? "reached" : null, _ => true, "bravo to reach alpha after mend");

        // A partition splits hosts, not the client; heal ends it.
        Assert.Equal(0, (await LabCluster.CliAsync("lab", "partition", "--lab", lab.Name, "alpha", "/", "bravo,charlie")).ExitCode);
        Assert.False(await ReachesAsync(lab, "bravo", "alpha"));
        Assert.True(await ReachesAsync(lab, "client", "alpha"));
        Assert.True(await ReachesAsync(lab, "bravo", "charlie"));
        Assert.Equal(0, (await LabCluster.CliAsync("lab", "partition", "--lab", lab.Name, "--one-way", "alpha / charlie")).ExitCode);
        var rules = (await LabCluster.RunAsync("ip", "netns", "exec", lab.Switch, "nft", "list", "chain", "bridge", "understudy_lab", "partition")).Out;
        Assert.Single(rules.Split('\n'), l => l.Contains("drop", StringComparison.Ordinal));
        Assert.Contains("iifname \"p0\" oifname \"p2\" drop", rules, StringComparison.Ordinal);
        Assert.Equal(0, (await LabCluster.CliAsync("lab", "heal", "--lab", lab.Name)).ExitCode);
        Assert.True(await ReachesAsync(lab, "bravo", "alpha"));

        // Loss: 100 % is a cut by nftables; 0 ends it.
        Assert.Equal(0, (await LabCluster.CliAsync("lab", "loss", "--lab", lab.Name, "bravo", "100")).ExitCode);
        Assert.False(await ReachesAsync(lab, "bravo", "alpha"));
        Assert.Equal(0, (await LabCluster.CliAsync("lab", "loss", "--lab", lab.Name, "bravo", "0")).ExitCode);
        Assert.True(await ReachesAsync(lab, "bravo", "alpha"));

        // Refusals that leave the lab as it is.
        var unknown = await LabCluster.CliAsync("lab", "cut", "--lab", lab.Name, "delta");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains($"lab '{lab.Name}' has no host 'delta'; expected one of: alpha, bravo, charlie, client", unknown.Error, StringComparison.Ordinal);
        var unknownExec = await LabCluster.CliAsync("lab", "exec", "--lab", lab.Name, "delta", "--", "true");
        Assert.Equal(2, unknownExec.ExitCode);
        Assert.Contains($"lab '{lab.Name}' has no host 'delta'", unknownExec.Error, StringComparison.Ordinal);
        var unknownSide = await LabCluster.CliAsync("lab", "partition", "--lab", lab.Name, "alpha", "/", "delta");
        Assert.Equal(2, unknownSide.ExitCode);
        Assert.Contains($"lab '{lab.Name}' has no host 'delta'", unknownSide.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("drop", (await LabCluster.RunAsync("ip", "netns", "exec", lab.Switch, "nft", "list", "chain", "bridge", "understudy_lab", "partition")).Out, StringComparison.Ordinal);
        var again = await LabCluster.CliAsync("up", "--hosts", "-f", lab.File, "--data-dir", lab.DataDirectory + "2");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains($"lab '{lab.Name}' is already up", again.Error, StringComparison.Ordinal);
        Assert.All(lab.Namespaces, ns => Assert.Contains(ns, namespaces));

        // SIGTERM: every namespace, link and the lab file go.
        Assert.Equal(0, await lab.StopAsync());
        Assert.Empty((await LabCluster.ExistingNamespacesAsync()).Intersect(lab.Namespaces));
        Assert.Contains($"Lab '{lab.Name}' removed.", lab.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KilledUp_LabCleanRemovesIt_AndTheNextUpRemovesOneLeftBehind()
    {
        await using var lab = LabCluster.Start();
        await lab.BuiltAsync();
        await lab.KillUpAsync();
        var left = await LabCluster.ExistingNamespacesAsync();
        Assert.All(lab.Namespaces, ns => Assert.Contains(ns, left));

        var clean = await LabCluster.CliAsync("lab", "clean", "--lab", lab.Name);
        Assert.Equal(0, clean.ExitCode);
        Assert.Contains($"removed lab '{lab.Name}'", clean.Out, StringComparison.Ordinal);
        Assert.Empty((await LabCluster.ExistingNamespacesAsync()).Intersect(lab.Namespaces));

        lab.StartUp();
        await lab.BuiltAsync(2);
        await lab.KillUpAsync();
        lab.StartUp();
        await lab.BuiltAsync(3);
        Assert.Contains($"Removing lab '{lab.Name}' left by a killed understudy up", lab.Output, StringComparison.Ordinal);
        Assert.Equal(0, await lab.StopAsync());
        Assert.Empty((await LabCluster.ExistingNamespacesAsync()).Intersect(lab.Namespaces));
    }

    [Fact]
    public async Task UpHosts_BadInput_SaysWhatToChangeAndMakesNothing()
    {
        LabCluster.RequirePrerequisites();
        var loopback = CliProcess.WriteTemp("cluster:\n  name: lab-loop\n  key: \"lab-test-cluster-key-0123456789\"\nnodes:\n  - name: alpha\n    address: 127.0.0.61\n  - name: client\n    address: 127.0.0.62\n");
        var before = await LabCluster.ExistingNamespacesAsync();

        var refused = await LabCluster.CliAsync("up", "--hosts", "-f", loopback);
        var noFile = await LabCluster.CliAsync("up", "--hosts");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("cannot make a host lab of this cluster file (3 problems)", refused.Error, StringComparison.Ordinal);
        Assert.Contains("node alpha: address 127.0.0.61 is loopback; a host lab needs private LAN addresses such as 10.77.0.1", refused.Error, StringComparison.Ordinal);
        Assert.Contains("node name 'client' is the lab's client; rename the node", refused.Error, StringComparison.Ordinal);
        Assert.Equal(2, noFile.ExitCode);
        Assert.Contains("--hosts needs -f FILE", noFile.Error, StringComparison.Ordinal);
        Assert.Equal(before, await LabCluster.ExistingNamespacesAsync());
    }

    [Fact]
    public async Task LabCommand_NoLabUp_SaysHowToStartOne()
    {
        LabCluster.RequirePrerequisites();

        var result = await LabCluster.CliAsync("lab", "cut", "--lab", "lab-not-there", "alpha");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("lab 'lab-not-there' is not up; start it with understudy up --hosts -f FILE", result.Error, StringComparison.Ordinal);
    }

    // One TCP connection and TLS handshake with the node's API (https on a lab address), from a
    // host (or the client), within a second: reachability, so the certificate is not checked.
    private static async Task<bool> ReachesAsync(LabCluster lab, string from, string to) =>
        (await lab.InAsync(from, "curl", "-s", "-k", "-o", "/dev/null", "-m", "1", $"https://{lab.AddressOf(to)}:{Understudy.Core.Config.NodeConfig.DefaultApiPort}/api/status")).ExitCode == 0;
}
