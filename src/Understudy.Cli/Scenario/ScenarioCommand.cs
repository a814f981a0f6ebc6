using System.CommandLine;
using Spectre.Console;

namespace Understudy.Cli.Scenario;

/// <summary><c>understudy scenario topology</c>: the host/guest clustering matrix, run for real.</summary>
internal static class ScenarioCommand
{
    public static Command Create()
    {
        var window = new Option<int>("--window") { Description = "Seconds to watch after each failure", DefaultValueFactory = _ => 20 };
        var only = new Option<string?>("--only") { Description = "Run only set-ups whose name contains this text" };
        var folder = new Option<string?>("--dir") { Description = "Where the clusters' files and logs go (default: a temporary folder, deleted)" };
        var failures = new Option<string?>("--failure") { Description = "Run only failures whose name contains this text (crash, hang, host, service)" };
        var network = new Option<string>("--network")
        {
            Description = "lan: hosts and VMs each in their own network namespace on a host lab (needs root); loopback: all on this machine's loopback, which isolates nothing (a hung VM keeps its address). Default: lan as root, else loopback",
            DefaultValueFactory = _ => Environment.IsPrivilegedProcess ? "lan" : "loopback",
        };
        network.AcceptOnlyFromAmong("lan", "loopback");
        var topology = new Command("topology", "Set-ups {host cluster without/with VM monitoring, guest cluster, both} x failures {VM crash, VM hang, host crash, service stopped}: detected by which layer, how fast, when the service answers again")
        {
            window, only, failures, network, folder,
        };
        topology.SetAction(async (parse, cancel) =>
        {
            var net = parse.GetValue(network) == "lan" ? TopologyNetwork.Lan : TopologyNetwork.Loopback;
            if (net.OnLan && (Lab.LabCommand.RootError("understudy scenario topology --network lan") ?? Lab.LabTool.Missing()) is { } missing)
            {
                Console.Error.WriteLine(missing);
                return 2;
            }

            if (!net.OnLan)
            {
                Console.Error.WriteLine("warning: on loopback every VM shares this machine's network stack: a hung VM keeps its address and ports, so the guest cluster's 'VM hang' cell cannot recover (run as root for --network lan)");
            }

            var keep = parse.GetValue(folder);
            var root = keep is null ? Directory.CreateTempSubdirectory("understudy-topology-").FullName : Path.GetFullPath(keep);
            var table = new Table().AddColumns("Set-up", "Failure", "Detected by (time to detect)", "Service answers again after");
            var setups = TopologySetup.All.Where(s => parse.GetValue(only) is not { } o || s.Name.Contains(o, StringComparison.OrdinalIgnoreCase)).ToList();
            var chosen = Enum.GetValues<TopologyFailure>().Where(f => parse.GetValue(failures) is not { } o || Label(f).Contains(o, StringComparison.OrdinalIgnoreCase)).ToList();
            var i = 0;
            foreach (var setup in setups)
            {
                foreach (var failure in chosen)
                {
                    using var run = new TopologyRun(setup, failure, net, Path.Combine(root, $"run{++i}"), TimeProvider.System, TimeSpan.FromSeconds(parse.GetValue(window)));
                    Console.Error.WriteLine($"[{i}/{setups.Count * chosen.Count}] {setup.Name}: {Label(failure)}");
                    var outcome = await run.RunAsync(cancel);
                    table.AddRow(Markup.Escape(setup.Name), Label(failure), Markup.Escape(outcome.Note ?? outcome.Layer), Markup.Escape(outcome.Note is null ? outcome.Service : "-"));
                }
            }

            AnsiConsole.Write(table);
            if (keep is null)
            {
                Directory.Delete(root, recursive: true);
            }

            return 0;
        });
        return new Command("scenario", "Run failure scenarios for real and report what each layer did") { topology, ChaosCommand.Create() };
    }

    private static string Label(TopologyFailure failure) => failure switch
    {
        TopologyFailure.VmCrash => "VM crash",
        TopologyFailure.VmHang => "VM hang",
        TopologyFailure.HostCrash => "host crash",
        _ => "service stopped in the guest",
    };
}
