using System.CommandLine;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy vm kill|hang|resume|crash NAME</c>: failure injection on a VM a role runs; the
/// call goes to the leader, which forwards it to the node that owns the VM's role.</summary>
internal static class VmCommand
{
    public static Command Create() => new("vm", "Inject failures into VMs that roles run")
    {
        Action("kill", "Kill the VM at once (SIGKILL), as a crash would", "killed"),
        Action("hang", "Freeze the VM (SIGSTOP): it stays alive but falls silent", "hung"),
        Action("resume", "Unfreeze a hung VM (SIGCONT)", "resumed"),
        Action("crash", "Crash the guest's kernel while the VM keeps running (QEMU: an NMI the guest panics on)", "crashed"),
        Address(),
        VmImportCommand.Create(),
        VmListCommand.Create(),
    };

    // A process VM's address is derived from its name, the same on every host; a guest cluster
    // file lists its nodes at these addresses.
    private static Command Address()
    {
        var name = new Argument<string>("name") { Description = "VM name" };
        var command = new Command("address", "Print the loopback address a process VM of this name gets") { name };
        command.SetAction(parse =>
        {
            var vm = parse.GetValue(name)!;
            if (Understudy.Core.Vms.VmSettingsRules.Problems(new Understudy.Core.Vms.VmSettings { Name = vm }).FirstOrDefault(p => p.Setting == "name") is { Message: { } problem })
            {
                Console.Error.WriteLine($"'{vm}' is not a VM name: it {problem}");
                return ClusterFileInput.InvalidInput;
            }

            Console.Out.WriteLine(Understudy.Node.Vms.ProcessVms.ProcessVmAddresses.ForName(vm));
            return 0;
        });
        return command;
    }

    private static Command Action(string verb, string description, string done)
    {
        var name = new Argument<string>("name") { Description = "VM name (the name of a vm resource)" };
        var target = new ClusterTarget();
        var options = new ChangeOptions();
        var command = new Command(verb, description) { name };
        target.AddTo(command);
        options.AddTo(command, wait: false);
        command.SetAction((parse, cancel) =>
        {
            var vm = parse.GetValue(name)!;
            return ClusterChange.SendAsync(target, options, parse, new(HttpMethod.Post, $"/api/vms/{Uri.EscapeDataString(vm)}/{verb}", () => null, $"vm {verb} {vm}", done), cancel);
        });
        return command;
    }
}
