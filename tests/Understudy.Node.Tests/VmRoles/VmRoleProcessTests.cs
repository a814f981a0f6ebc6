using CliRun = Understudy.Node.Tests.Failover.Cli;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.VmRoles;

/// <summary>Host clustering: a role that runs a process VM on real nodes; the VM is killed, hung,
/// and its host killed with SIGKILL (docs/vms.md, "VMs as roles").</summary>
[Collection(ProcessCollection.Name)]
public sealed class VmRoleProcessTests
{
    [Fact]
    public async Task KillVm_MonitoringOn_RestartedInPlace()
    {
        await using var cluster = TestCluster.Create(roles: (block, _) => VmRole.Yaml(block, monitoring: true));
        cluster.StartAll();
        var name = VmRole.NameFor(cluster.Block);
        var first = VmRole.Find(await cluster.WaitForAsync("n1", s => VmRole.IsOnline(s), "web Online"))!;
        var owner = first.Owner!;
        Assert.Equal("vm", Assert.Single(first.Resources).Type);
        var before = await VmRole.WaitForVmAsync(cluster, owner, VmRole.Heartbeating, "VM heartbeating");

        var (code, output) = await CliRun.RunAsync("vm", "kill", "no-such-vm", "-f", cluster.FilePath);
        Assert.Equal(5, code); // CliExit.NotFound (docs/operations.md, exit codes)
        Assert.Contains("no role runs a VM named 'no-such-vm'", output, StringComparison.Ordinal);

        (code, output) = await CliRun.RunAsync("vm", "kill", name, "-f", cluster.FilePath);
        Assert.True(code == 0, output);

        var after = VmRole.Find(await cluster.WaitForAsync("n1", s => VmRole.IsOnline(s, r => r.Restarts >= 1), "web restarted and Online"))!;
        Assert.Equal(owner, after.Owner);
        Assert.Equal(first.FencingToken, after.FencingToken);
        await VmRole.WaitForVmAsync(cluster, owner, v => VmRole.Heartbeating(v) && v.Incarnation != before.Incarnation, "a new incarnation heartbeating");
        Assert.Contains(await cluster.EventsAsync("n1"), e => e.Kind == "ResourceFailed" && e.Role == "web" && e.Reason.Contains("exited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HangVm_MonitoringOn_DetectedAsSilentAndRestarted()
    {
        await using var cluster = TestCluster.Create(roles: (block, _) => VmRole.Yaml(block, monitoring: true));
        cluster.StartAll();
        var name = VmRole.NameFor(cluster.Block);
        var owner = VmRole.Find(await cluster.WaitForAsync("n1", s => VmRole.IsOnline(s), "web Online"))!.Owner!;
        var before = await VmRole.WaitForVmAsync(cluster, owner, VmRole.Heartbeating, "VM heartbeating");

        var (code, output) = await CliRun.RunAsync("vm", "hang", name, "-f", cluster.FilePath);
        Assert.True(code == 0, output);

        await cluster.WaitForAsync("n1", s => VmRole.IsOnline(s, r => r.Restarts >= 1), "web restarted and Online");
        await VmRole.WaitForVmAsync(cluster, owner, v => VmRole.Heartbeating(v) && v.Incarnation != before.Incarnation, "a new incarnation heartbeating");
        Assert.Contains(await cluster.EventsAsync("n1"), e => e.Kind == "ResourceFailed" && e.Role == "web" && e.Reason.Contains("silent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HangVm_MonitoringOff_GoesUnnoticed()
    {
        await using var cluster = TestCluster.Create(roles: (block, _) => VmRole.Yaml(block, monitoring: false));
        cluster.StartAll();
        var name = VmRole.NameFor(cluster.Block);
        var owner = VmRole.Find(await cluster.WaitForAsync("n1", s => VmRole.IsOnline(s), "web Online"))!.Owner!;
        await VmRole.WaitForVmAsync(cluster, owner, VmRole.Heartbeating, "VM heartbeating");

        var (code, output) = await CliRun.RunAsync("vm", "hang", name, "-f", cluster.FilePath);
        Assert.True(code == 0, output);

        // The host's monitor sees the silence (three silence windows of it) but nobody acts: the gap.
        var hung = await VmRole.WaitForVmAsync(cluster, owner, v => v.Verdict == "silent" && v.SinceHeartbeatMs > 3000, "VM silent for 3 s");
        Assert.Equal("Hung", hung.State);
        var status = await cluster.WaitForAsync("n1", s => VmRole.Find(s) is not null, "status");
        Assert.True(VmRole.IsOnline(status, r => r.Restarts == 0 && r.Owner == owner), "the hung VM's role stayed Online, never restarted");
        Assert.DoesNotContain(await cluster.EventsAsync("n1"), e => e.Kind == "ResourceFailed");

        (code, output) = await CliRun.RunAsync("vm", "resume", name, "-f", cluster.FilePath);
        Assert.True(code == 0, output);
        await VmRole.WaitForVmAsync(cluster, owner, VmRole.Heartbeating, "VM heartbeating again after resume");
    }

    [Fact]
    public async Task KillNineHost_VmHeartbeatingOnAnotherHost()
    {
        await using var cluster = TestCluster.Create(roles: (block, _) => VmRole.Yaml(block, monitoring: true));
        cluster.StartAll();
        var first = VmRole.Find(await cluster.WaitForAsync("n1", s => VmRole.IsOnline(s), "web Online"))!;
        var owner = first.Owner!;
        var before = await VmRole.WaitForVmAsync(cluster, owner, VmRole.Heartbeating, "VM heartbeating");

        cluster.Kill(owner);

        var survivor = cluster.Names.First(n => n != owner);
        var moved = VmRole.Find(await cluster.WaitForAsync(survivor, s => VmRole.IsOnline(s, r => r.Owner != owner), "web Online on another node"))!;
        Assert.True(moved.FencingToken > first.FencingToken);
        var after = await VmRole.WaitForVmAsync(cluster, moved.Owner!, VmRole.Heartbeating, "VM heartbeating on the new host");
        Assert.NotEqual(before.Incarnation, after.Incarnation);

        // The dead host's VM died with its lease (the guard), as a real VM dies with its host.
        await Eventually.GetAsync(() => Task.FromResult<object?>(Gone(before.Pid!.Value) ? new object() : null), _ => true, "the old host's VM process gone");
    }

    private static bool Gone(int pid) => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z";
}
