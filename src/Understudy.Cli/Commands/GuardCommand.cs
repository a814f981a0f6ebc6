using System.CommandLine;
using Understudy.Node.Resources;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy guard</c> (hidden): what a node runs for each process resource (and address
/// resource on a real interface); kills the workload, or removes the address, when the node's
/// lease file says the lease has ended (<see cref="LeaseGuard"/>).
/// </summary>
internal static class GuardCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "guard";

    public static Command Create()
    {
        var lease = new Option<string>("--lease-file") { Required = true };
        var log = new Option<string>("--log") { Required = true };
        var signal = new Option<int>("--stop-signal") { DefaultValueFactory = _ => 15 };
        var timeout = new Option<long>("--stop-timeout-ms") { DefaultValueFactory = _ => 5000 };
        var address = new Option<string?>("--address") { Description = "Hold ADDRESS/PREFIX on --device instead of running a workload" };
        var device = new Option<string?>("--device") { Description = "The interface of --address" };
        var user = new Option<string?>("--user") { Description = "Run the workload as this account (the guard stays root)" };
        var workload = new Argument<string[]>("command") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(Name, "Run a workload, or hold an address, while the node holds its lease") { lease, log, signal, timeout, address, device, user, workload };
        command.Hidden = true;
        command.SetAction(async (parse, _) =>
        {
            var program = parse.GetValue(workload) ?? [];
            if (parse.GetValue(address) is { } cidr)
            {
                if (HeldAddress.Parse(cidr, parse.GetValue(device) ?? "") is not { } held || program.Length > 0)
                {
                    Console.Error.WriteLine("understudy guard: --address needs ADDRESS/PREFIX, --device IF and no command");
                    return 2;
                }

                return await LeaseGuard.HoldAsync(parse.GetValue(lease)!, parse.GetValue(log)!, held, TimeProvider.System);
            }

            if (program.Length == 0)
            {
                Console.Error.WriteLine("understudy guard: no command");
                return 2;
            }

            return await LeaseGuard.RunAsync(
                parse.GetValue(lease)!,
                parse.GetValue(log)!,
                parse.GetValue(signal),
                TimeSpan.FromMilliseconds(parse.GetValue(timeout)),
                program,
                TimeProvider.System,
                parse.GetValue(user));
        });
        return command;
    }
}
