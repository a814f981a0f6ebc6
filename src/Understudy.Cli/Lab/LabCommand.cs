using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Understudy.Cli.Commands;
using Understudy.Core.Lab;

namespace Understudy.Cli.Lab;

/// <summary>
/// <c>understudy lab</c>: commands on a host lab made by <c>up --hosts</c>: run a command on a
/// host or the client, pull and replug a host's cable, partition the LAN, lose frames, and clean
/// up a lab whose <c>up</c> was killed. docs/lab.md.
/// </summary>
internal static class LabCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "lab";

    public static Command Create() => new(Name, "Host lab (understudy up --hosts): run commands on hosts, make network faults, clean up")
    {
        Exec(), Cable("cut", "Pull a host's cable (its eth0 goes down)", "down"), Cable("mend", "Plug a host's cable back in", "up"),
        Partition(), Heal(), Loss(), Clean(),
    };

    private static Command Exec()
    {
        var selection = new LabSelection();
        var host = new Argument<string>("host") { Description = "A node's name, or client" };
        var program = new Argument<string[]>("command") { Description = "Program and arguments, after --", Arity = ArgumentArity.OneOrMore };
        var command = new Command("exec", "Run a command inside a host's (or the client's) network namespace") { host, program };
        selection.AddTo(command);
        command.SetAction(async (parse, _) => await OnHostAsync(parse, selection, parse.GetValue(host)!, async (lab, target) =>
        {
            var start = new ProcessStartInfo("ip") { UseShellExecute = false };
            foreach (var argument in (string[])["netns", "exec", target.Namespace, .. parse.GetValue(program)!])
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment[LabRedirect.InsideVariable] = lab.Name;
            using var process = Process.Start(start) ?? throw new LabException("could not start ip netns exec");
            await process.WaitForExitAsync();
            return process.ExitCode;
        }));
        return command;
    }

    private static Command Cable(string verb, string description, string state)
    {
        var selection = new LabSelection();
        var host = new Argument<string>("host") { Description = "A node's name, or client" };
        var command = new Command(verb, description) { host };
        selection.AddTo(command);
        command.SetAction(async (parse, _) => await OnHostAsync(parse, selection, parse.GetValue(host)!, async (_, target) =>
        {
            await LabTool.IpAsync("-n", target.Namespace, "link", "set", LabNames.HostInterface, state);
            Console.Out.WriteLine($"{target.Name}: cable {(state == "down" ? "cut" : "mended")}");
            return 0;
        }));
        return command;
    }

    private static Command Partition()
    {
        var selection = new LabSelection();
        var sides = new Argument<string[]>("sides") { Description = "The two sides: A,B / C", Arity = ArgumentArity.OneOrMore };
        var oneWay = new Option<bool>("--one-way") { Description = "Drop only what the first side sends to the second" };
        var command = new Command("partition", "Split the LAN: drop every frame between the two sides (replaces the current partition)") { sides, oneWay };
        selection.AddTo(command);
        command.SetAction(async (parse, _) => await OnLabAsync(parse, selection, async lab =>
        {
            var text = string.Join(' ', parse.GetValue(sides)!);
            var (partition, error) = LabPartition.Parse(text, lab.Plan);
            if (partition is null)
            {
                return Refuse(error!);
            }

            var oneDirection = parse.GetValue(oneWay);
            await LabTool.NftAsync(lab.Plan.Names.Switch, LabRules.Partition([.. partition.From.Select(h => h.Port)], [.. partition.To.Select(h => h.Port)], oneDirection));
            Console.Out.WriteLine($"partitioned: {Names(partition.From)} {(oneDirection ? "->" : "/")} {Names(partition.To)}");
            return 0;
        }));
        return command;
    }

    private static Command Heal()
    {
        var selection = new LabSelection();
        var command = new Command("heal", "Remove the partition");
        selection.AddTo(command);
        command.SetAction(async (parse, _) => await OnLabAsync(parse, selection, async lab =>
        {
            await LabTool.NftAsync(lab.Plan.Names.Switch, LabRules.Heal());
            Console.Out.WriteLine("healed");
            return 0;
        }));
        return command;
    }

    private static Command Loss()
    {
        var selection = new LabSelection();
        var host = new Argument<string>("host") { Description = "A node's name, or client" };
        var percent = new Argument<int>("percent") { Description = "Frames dropped at random in each direction, 0-100 (0 ends the loss)" };
        var command = new Command("loss", "Drop a share of a host's frames at random") { host, percent };
        selection.AddTo(command);
        command.SetAction(async (parse, _) => await OnHostAsync(parse, selection, parse.GetValue(host)!, async (lab, target) =>
        {
            var share = parse.GetValue(percent);
            if (share is < 0 or > 100)
            {
                return Refuse($"percent: {share} is not 0-100");
            }

            await LabTool.NftAsync(lab.Plan.Names.Switch, LabRules.Loss(target.Port, share));
            Console.Out.WriteLine($"{target.Name}: {share.ToString(CultureInfo.InvariantCulture)}% loss");
            return 0;
        }));
        return command;
    }

    private static Command Clean()
    {
        var selection = new LabSelection();
        var command = new Command("clean", "Remove labs whose understudy up is gone (killed); all of them unless one is named");
        selection.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            if (RootError() is { } root)
            {
                return Refuse(root);
            }

            var name = selection.Name(parse, out var error);
            if (error is not null)
            {
                return Refuse(error);
            }

            var labs = name is null ? LabState.All() : LabState.Find(name) is { } one ? [one] : [];
            if (name is not null && labs.Count == 0)
            {
                Console.Out.WriteLine($"lab '{name}' is not there; nothing to clean");
                return 0;
            }

            foreach (var lab in labs)
            {
                if (lab.OwnerAlive)
                {
                    Console.Error.WriteLine($"lab '{lab.Name}' is up (understudy up, pid {lab.Pid}); stop that up with Ctrl-C, it removes its lab");
                    continue;
                }

                await LabLifetime.RemoveAsync(lab);
                Console.Out.WriteLine($"removed lab '{lab.Name}' (left by understudy up, pid {lab.Pid})");
            }

            return labs.Any(l => l.OwnerAlive) ? ClusterFileInput.InvalidInput : 0;
        });
        return command;
    }

    private static async Task<int> OnHostAsync(ParseResult parse, LabSelection selection, string name, Func<LabState, LabHost, Task<int>> act) =>
        await OnLabAsync(parse, selection, lab => lab.Plan.Find(name) is { } host ? act(lab, host) : Task.FromResult(Refuse(lab.Plan.UnknownHost(name))));

    private static async Task<int> OnLabAsync(ParseResult parse, LabSelection selection, Func<LabState, Task<int>> act)
    {
        if (RootError() is { } root)
        {
            return Refuse(root);
        }

        if (selection.Running(parse, out var error) is not { } lab)
        {
            return Refuse(error!);
        }

        try
        {
            return await act(lab);
        }
        catch (LabException e)
        {
            return Refuse(e.Message);
        }
    }

    /// <summary>The error when this process cannot change network namespaces, else null.</summary>
    public static string? RootError(string what = "understudy lab") =>
        Environment.IsPrivilegedProcess ? null : $"{what} needs root (it changes network namespaces); run it as root, e.g. with sudo";

    private static string Names(IEnumerable<LabHost> hosts) => string.Join(",", hosts.Select(h => h.Name));

    private static int Refuse(string message)
    {
        Console.Error.WriteLine(message);
        return ClusterFileInput.InvalidInput;
    }
}
