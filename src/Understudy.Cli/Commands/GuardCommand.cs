using System.CommandLine;
using Understudy.Node.Resources;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy guard</c> (hidden): what a node runs for each process resource; kills the workload
/// when the node's lease file says the lease has ended (<see cref="LeaseGuard"/>).
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
        var workload = new Argument<string[]>("command") { Arity = ArgumentArity.OneOrMore };
        var command = new Command(Name, "Run a workload while the node holds its lease") { lease, log, signal, timeout, workload };
        command.Hidden = true;
        command.SetAction((parse, _) => LeaseGuard.RunAsync(
            parse.GetValue(lease)!,
            parse.GetValue(log)!,
            parse.GetValue(signal),
            TimeSpan.FromMilliseconds(parse.GetValue(timeout)),
            parse.GetValue(workload)!,
            TimeProvider.System));
        return command;
    }
}
