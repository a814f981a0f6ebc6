using CliRun = Understudy.Node.Tests.Failover.Cli;
using Understudy.Node.Tests.Harness;
using Understudy.Node.Tests.Vms;

namespace Understudy.Node.Tests.VmRoles;

/// <summary>Host clustering with real VMs: a role that runs a QEMU VM on real nodes (docs/vms.md,
/// "VMs as roles"). Skips, saying why, only where QEMU cannot be installed.</summary>
[Collection(QemuCollection.Name)]
public sealed class VmRoleQemuTests(QemuGuest guest)
{
    [Fact]
    public async Task KillNineHost_QemuDiesWithTheLease_AndBootsOnAnotherHost()
    {
        Ready();

        await using var cluster = TestCluster.Create(roles: (block, _) => VmRole.Yaml(block, monitoring: true, driver: "qemu"));
        cluster.StartAll();
        var first = VmRole.Find(await cluster.WaitForAsync("n1", s => VmRole.IsOnline(s), "web Online"))!;
        var owner = first.Owner!;
        var before = await VmRole.WaitForVmAsync(cluster, owner, VmRole.Heartbeating, "QEMU VM heartbeating");
        Assert.Equal("qemu", before.Driver);

        // The VM's process is the guard; QEMU is its child.
        var qemu = Children(before.Pid!.Value).Single();
        Assert.Contains("qemu-system", File.ReadAllText($"/proc/{qemu}/cmdline"), StringComparison.Ordinal);

        cluster.Kill(owner);

        // The dead host's QEMU dies with its lease, as a VM dies with its host.
        await Eventually.GetAsync(() => Task.FromResult<object?>(Gone(qemu) ? new object() : null), _ => true, "the old host's QEMU gone");
        var survivor = cluster.Names.First(n => n != owner);
        var moved = VmRole.Find(await cluster.WaitForAsync(survivor, s => VmRole.IsOnline(s, r => r.Owner != owner), "web Online on another node"))!;
        Assert.True(moved.FencingToken > first.FencingToken);
        var after = await VmRole.WaitForVmAsync(cluster, moved.Owner!, VmRole.Heartbeating, "QEMU VM heartbeating on the new host");
        Assert.NotEqual(before.Incarnation, after.Incarnation);
    }

    [Theory]
    [InlineData("role move")]
    [InlineData("node pause")]
    public async Task PlannedMove_LiveMigratesTheGuest_HeartbeatCarriesOnWithoutReboot(string how)
    {
        Ready();

        await using var cluster = TestCluster.Create(roles: (block, _) => VmRole.Yaml(block, monitoring: true, driver: "qemu"));
        cluster.StartAll();
        var first = VmRole.Find(await cluster.WaitForAsync("n1", s => VmRole.IsOnline(s), "web Online"))!;
        var owner = first.Owner!;
        var before = await VmRole.WaitForVmAsync(cluster, owner, VmRole.Heartbeating, "QEMU VM heartbeating");
        var qemu = Children(before.Pid!.Value).Single();
        var target = cluster.Names.First(n => n != owner);

        // A drain picks the target itself; an operator's move names it.
        var (code, output) = how == "role move"
            ? await CliRun.RunAsync("role", "move", "web", "--to", target, "-f", cluster.FilePath)
            : await CliRun.RunAsync("node", "pause", owner, "-f", cluster.FilePath);
        Assert.True(code == 0, output);

        var moved = VmRole.Find(await cluster.WaitForAsync("n1", s => VmRole.IsOnline(s, r => r.Owner != owner), "web Online on another node"))!;
        target = moved.Owner!;
        Assert.True(moved.FencingToken > first.FencingToken);
        var after = await VmRole.WaitForVmAsync(cluster, target, v => VmRole.Heartbeating(v) && v.Migration?.LongestGapMs is not null, "the migrated VM heartbeating on the target, its migration recorded");

        // The same boot of the guest: its agent's incarnation is unchanged (a fresh boot takes a new one).
        Assert.Equal(before.Incarnation, after.Incarnation);
        var migration = after.Migration!;
        Console.WriteLine($"{how}: live migration {owner} -> {target}: downtime {migration.DowntimeMs} ms, total {migration.TotalMs} ms, handover gap {migration.HandoverGapMs} ms, longest gap {migration.LongestGapMs} ms");
        Assert.Equal(owner, migration.From);
        Assert.Equal(moved.FencingToken, migration.Token);
        Assert.True(migration.TotalMs > 0, $"total {migration.TotalMs} ms");
        Assert.True(migration.LongestGapMs < 60_000, $"longest gap {migration.LongestGapMs} ms");
        await Eventually.GetAsync(() => Task.FromResult<object?>(Gone(qemu) ? new object() : null), _ => true, "the source's QEMU gone");
        var events = await cluster.EventsAsync("n1");
        Assert.DoesNotContain(events, e => e.Kind == "ResourceFailed");
        Assert.Contains(events, e => e.Kind == "RoleReleased" && e.Reason.Contains("live-migrated", StringComparison.Ordinal));

        // The metrics say the same: one migration sent by the old owner, one received by the new,
        // and the guest's heartbeat age on the new owner.
        using var http = new HttpClient();
        var sent = await http.GetStringAsync(cluster.ApiUrl(owner) + "/metrics");
        var received = await http.GetStringAsync(cluster.ApiUrl(target) + "/metrics");
        Assert.Equal("1", Metric(sent, "understudy_vm_migrations_sent_total"));
        Assert.Equal("1", Metric(received, "understudy_vm_migrations_received_total"));
        Assert.Equal("1", Metric(received, "understudy_vm_running"));
        var age = double.Parse(Metric(received, "understudy_vm_heartbeat_age_seconds")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(age, 0, 60);
    }

    private static string? Metric(string text, string series) =>
        text.Split('\n').Where(l => l.StartsWith(series + "{", StringComparison.Ordinal) || l.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(l => l[(l.LastIndexOf(' ') + 1)..]).FirstOrDefault();

    [Fact]
    public async Task RoleMove_HungVm_NoMigration_BootsAfreshOnTheTarget()
    {
        Ready();

        await using var cluster = TestCluster.Create(roles: (block, _) => VmRole.Yaml(block, monitoring: false, driver: "qemu"));
        cluster.StartAll();
        var name = VmRole.NameFor(cluster.Block);
        var owner = VmRole.Find(await cluster.WaitForAsync("n1", s => VmRole.IsOnline(s), "web Online"))!.Owner!;
        var before = await VmRole.WaitForVmAsync(cluster, owner, VmRole.Heartbeating, "QEMU VM heartbeating");
        var (code, output) = await CliRun.RunAsync("vm", "hang", name, "-f", cluster.FilePath);
        Assert.True(code == 0, output);
        await VmRole.WaitForVmAsync(cluster, owner, v => v.State == "Hung", "VM hung");
        var target = cluster.Names.First(n => n != owner);

        (code, output) = await CliRun.RunAsync("role", "move", "web", "--to", target, "-f", cluster.FilePath);
        Assert.True(code == 0, output);

        // A hung VM is not migrated (VmHandoverRule): it is stopped and booted afresh on the target.
        await cluster.WaitForAsync("n1", s => VmRole.IsOnline(s, r => r.Owner == target), $"web Online on {target}");
        var after = await VmRole.WaitForVmAsync(cluster, target, VmRole.Heartbeating, "a fresh boot heartbeating on the target");
        Assert.NotEqual(before.Incarnation, after.Incarnation);
        Assert.Null(after.Migration);
        Assert.True(Gone(before.Pid!.Value), "the hung VM on the old owner was stopped before the role moved");
    }

    /// <summary>
    /// A guest kernel panic (an NMI the guest panics on) leaves QEMU running: a host cluster
    /// without VM monitoring sees a healthy VM resource and does nothing — the classic gap; with
    /// monitoring the silence is a resource failure and the VM is booted afresh.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GuestCrash_MissedWithoutMonitoring_RestartedWithIt(bool monitoring)
    {
        Ready();

        await using var cluster = TestCluster.Create(roles: (block, _) => VmRole.Yaml(block, monitoring, driver: "qemu"));
        cluster.StartAll();
        var name = VmRole.NameFor(cluster.Block);
        var first = VmRole.Find(await cluster.WaitForAsync("n1", s => VmRole.IsOnline(s), "web Online"))!;
        var owner = first.Owner!;
        var before = await VmRole.WaitForVmAsync(cluster, owner, VmRole.Heartbeating, "QEMU VM heartbeating");
        var qemu = Children(before.Pid!.Value).Single();

        var (code, output) = await CliRun.RunAsync("vm", "crash", name, "-f", cluster.FilePath);
        Assert.True(code == 0, output);

        if (!monitoring)
        {
            // Silent for five detection windows, yet the role is Online on the same node, never
            // restarted, and its QEMU still runs.
            await VmRole.WaitForVmAsync(cluster, owner, v => v.SinceHeartbeatMs is > 5000, "the crashed guest silent for 5 s");
            var status = (await cluster.StatusAsync(owner))!;
            Assert.True(VmRole.IsOnline(status, r => r.Owner == owner && r.FencingToken == first.FencingToken && r.Restarts == 0), "the role was acted on without VM monitoring");
            Assert.False(Gone(qemu), "QEMU exited: the crash was not a guest crash");
            Assert.DoesNotContain(await cluster.EventsAsync(owner), e => e.Kind == "ResourceFailed");
            return;
        }

        var after = await VmRole.WaitForVmAsync(cluster, owner, v => VmRole.Heartbeating(v) && v.Incarnation != before.Incarnation, "a fresh boot heartbeating after the guest crash");
        Assert.NotEqual(before.Incarnation, after.Incarnation);
        Assert.Contains(await cluster.EventsAsync(owner), e => e.Kind == "ResourceFailed");
    }

    /// <summary>Skips the test (saying why) where QEMU cannot run; otherwise points the nodes at the guest image.</summary>
    internal void Ready()
    {
        if (guest.Skip is { } skip)
        {
            Assert.Skip(skip);
        }

        Environment.SetEnvironmentVariable("UNDERSTUDY_GUEST_DIR", guest.ImageDirectory);
    }

    internal static IReadOnlyList<int> Children(int pid) =>
        [.. Directory.GetDirectories($"/proc/{pid}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse)];

    internal static bool Gone(int pid) => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z";
}
