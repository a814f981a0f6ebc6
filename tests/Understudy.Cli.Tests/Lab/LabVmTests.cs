using System.Diagnostics;
using System.Net;
using Understudy.Core.Vms;
using Understudy.Core.Vms.Network;

namespace Understudy.Cli.Tests.Lab;

/// <summary>
/// A process VM with an address on the lab (root): its own network namespace, cabled to the LAN's
/// switch, so its address is the VM's and not the host's. Hung, it falls silent on the LAN as a
/// frozen VM does (the kernel of a shared stack would go on answering for its frozen sockets);
/// resumed, it answers again; when its host dies it comes back at the same address on another
/// host, and the dead run's namespace is gone with its processes.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LabVmTests
{
    private const string Vm = "lab-web";

    private const string WebVm = """
        roles:
          - name: web
            resources:
              - name: lab-web
                type: vm
                driver: process
                address: {lan}.30
                prefixLength: 24
                monitoring: off
                workload: 'exec understudy example kv --listen "$UNDERSTUDY_VM_ADDRESS:8080" --data kv.json'
        """;

    [Fact]
    public async Task NetworkedVm_HangSilencesItsAddress_ResumeAnswers_HostKilled_SameAddressOnAnotherHost()
    {
        await using var lab = LabCluster.Start(WebVm);
        var url = $"http://{lab.Lan}.30:8080/healthz";
        var status = await LabCluster.EventuallyAsync(
            lab.StatusAsync, s => s.Nodes.All(n => n.State == "Up") && s.Roles.SingleOrDefault() is { State: "Online", Owner: not null }, "web Online with every node Up");
        var owner = status.Roles.Single().Owner!;
        var first = await AnswerAsync(lab, url, "the VM's service to answer at the VM's address");
        Assert.DoesNotContain($"{lab.Lan}.30", await lab.AddressesAsync(owner));
        Assert.NotEqual(NetNs(Pid(first)), NetNs(status.Nodes.Single(n => n.Name == owner).Pid!.Value));
        var port = Cable(lab, owner).Port;

        Assert.Equal(0, (await LabCluster.CliAsync("vm", "hang", Vm, "-f", lab.File)).ExitCode);
        Assert.Equal("", await LabFailoverTests.ClientAsync(lab, url));
        Assert.DoesNotContain(",UP", (await LabCluster.RunAsync("ip", "-n", lab.Switch, "link", "show", port)).Out, StringComparison.Ordinal);

        Assert.Equal(0, (await LabCluster.CliAsync("vm", "resume", Vm, "-f", lab.File)).ExitCode);
        var resumed = await AnswerAsync(lab, url, "the resumed VM to answer again");
        Assert.Equal(Pid(first), Pid(resumed));

        Process.GetProcessById(status.Nodes.Single(n => n.Name == owner).Pid!.Value).Kill();
        var moved = await LabCluster.EventuallyAsync(
            async () => await LabFailoverTests.ClientAsync(lab, url) is { Length: > 0 } a && Pid(a) != Pid(first) ? a : null, _ => true, "the VM to answer at its address from another host");
        var next = (await LabCluster.EventuallyAsync(lab.StatusAsync, s => s.Roles.Single() is { State: "Online", Owner: { } o } && o != owner, "web Online on another host")).Roles.Single().Owner!;
        Assert.NotEqual(NetNs(Pid(moved)), NetNs(Pid(first)));

        // The dead host's run: its processes ended by their lease guard, its cable gone with them.
        await LabCluster.EventuallyAsync(
            async () => (await LabCluster.RunAsync("ip", "-n", lab.Switch, "-br", "link")).Out,
            links => !links.Contains(port, StringComparison.Ordinal) && !Directory.Exists($"/proc/{Pid(first)}"),
            "the dead host's VM and its port on the switch to be gone");
        Assert.Contains(Cable(lab, next).Port, (await LabCluster.RunAsync("ip", "-n", lab.Switch, "-br", "link")).Out, StringComparison.Ordinal);
    }

    private static VmCable Cable(LabCluster lab, string host) =>
        VmCable.For(host, new VmSettings { Name = Vm, Driver = VmDriverKind.Process, Address = IPAddress.Parse($"{lab.Lan}.30") }, new VmBridge("br0", lab.Switch));

    private static Task<string> AnswerAsync(LabCluster lab, string url, string what) =>
        LabCluster.EventuallyAsync(async () => await LabFailoverTests.ClientAsync(lab, url) is { Length: > 0 } a ? a : null, a => a.StartsWith("ok ", StringComparison.Ordinal), what);

    // The example kv service answers "ok node=NAME token=N pid=P".
    private static int Pid(string answer) =>
        int.Parse(answer.Trim().Split(' ').Single(p => p.StartsWith("pid=", StringComparison.Ordinal))["pid=".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private static string? NetNs(int pid) => new FileInfo($"/proc/{pid}/ns/net").LinkTarget;
}
