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
        var topology = new Command("topology", "Set-ups {host cluster without/with VM monitoring, guest cluster, both} x failures {VM crash, VM hang, host crash, service stopped}: detected by which layer, how fast, when the service answers again")
        {
            window, only, folder,
        };
        topology.SetAction(async (parse, cancel) =>
        {
            var keep = parse.GetValue(folder);
            var root = keep is null ? Directory.CreateTempSubdirectory("understudy-topology-").FullName : Path.GetFullPath(keep);
            var table = new Table().AddColumns("Set-up", "Failure", "Detected by (time to detect)", "Service answers again after");
            var setups = TopologySetup.All.Where(s => parse.GetValue(only) is not { } o || s.Name.Contains(o, StringComparison.OrdinalIgnoreCase)).ToList();
            var i = 0;
            foreach (var setup in setups)
            {
                foreach (var failure in Enum.GetValues<TopologyFailure>())
                {
                    using var run = new TopologyRun(setup, failure, Path.Combine(root, $"run{++i}"), TimeProvider.System, TimeSpan.FromSeconds(parse.GetValue(window)));
                    Console.Error.WriteLine($"[{i}/{setups.Count * 4}] {setup.Name}: {Label(failure)}");
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
