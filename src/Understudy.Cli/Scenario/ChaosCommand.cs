using System.CommandLine;
using System.Globalization;
using Understudy.Cli.Commands;
using Understudy.Cli.Lab;
using Understudy.Core.Chaos;

namespace Understudy.Cli.Scenario;

/// <summary>
/// <c>understudy scenario chaos</c>: seeded faults on a real five-node cluster under client load,
/// with a history checker (docs/reliability.md). Exit code 0 when every seed passed, 1 when a
/// checker found a violation or a cluster did not form.
/// </summary>
internal static class ChaosCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "First seed (the same seed replays the same faults)", DefaultValueFactory = _ => 1 };
        var seeds = new Option<int>("--seeds") { Description = "How many seeds to run, from --seed on", DefaultValueFactory = _ => 1 };
        var duration = new Option<int>("--duration") { Description = "Seconds of faults per seed", DefaultValueFactory = _ => 30 };
        var within = new Option<int>("--converge-within")
        {
            Description = "Seconds the nodes have to agree after the last fault before it counts as a violation (issue 13's goal: 10)",
            DefaultValueFactory = _ => (int)ChaosRun.DefaultConvergenceLimit.TotalSeconds,
        };
        within.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 55)
            {
                r.AddError("--converge-within: give whole seconds from 1 to 55 (the run waits at most 60 s for agreement)");
            }
        });
        var hosts = new Option<bool>("--hosts")
        {
            Description = "Each node on a host of its own (a host lab, docs/lab.md; needs root, ip and nft), and faults of the network between them too: partitions, one-way cuts, bridges, loss",
        };
        var plan = new Option<bool>("--plan") { Description = "Print each seed's faults (when, what, which target) and run nothing" };
        var folder = new Option<string?>("--dir") { Description = "Where the clusters' files, logs and histories go (default: a temporary folder, deleted unless a seed failed)" };
        var chaos = new Command("chaos", "Seeded faults (kill -9, SIGSTOP, restarts of a node and of the whole cluster, wall-clock jumps; with --hosts partitions and loss too) on five nodes with a failover kv role and an NLB rule under load; checks the clients' history")
        {
            seed, seeds, duration, within, hosts, plan, folder,
        };
        chaos.SetAction(async (parse, cancel) =>
        {
            var onHosts = parse.GetValue(hosts);
            if (parse.GetValue(plan))
            {
                for (var s = parse.GetValue(seed); s < parse.GetValue(seed) + parse.GetValue(seeds); s++)
                {
                    Console.WriteLine($"seed {s}:");
                    foreach (var fault in ChaosSchedule.Create(s, Options(parse.GetValue(duration), onHosts)))
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {fault.At.TotalSeconds,6:0.0} s  {ChaosRun.Describe(fault)} {(fault.Target == ChaosTarget.Node && fault.Kind != ChaosFaultKind.ClusterRestart ? $"n{fault.NodeIndex + 1}" : "")}").TrimEnd());
                    }
                }

                return 0;
            }

            if (onHosts && (LabCommand.RootError("understudy scenario chaos --hosts") ?? LabTool.Missing()) is { } missing)
            {
                Console.Error.WriteLine(missing);
                return ClusterFileInput.InvalidInput;
            }

            var keep = parse.GetValue(folder);
            var root = keep is null ? Directory.CreateTempSubdirectory("understudy-chaos-").FullName : Path.GetFullPath(keep);
            var options = Options(parse.GetValue(duration), onHosts);
            var first = parse.GetValue(seed);
            var outcomes = new List<ChaosOutcome>();
            var limit = TimeSpan.FromSeconds(parse.GetValue(within));
            Console.WriteLine($"# understudy scenario chaos --seed {first} --seeds {parse.GetValue(seeds)} --duration {parse.GetValue(duration)} --converge-within {parse.GetValue(within)}{(onHosts ? " --hosts" : "")}");
            for (var s = first; s < first + parse.GetValue(seeds); s++)
            {
                Console.WriteLine($"seed {s}:");
                var run = new ChaosRun(s, options, limit, Path.Combine(root, "seed" + s.ToString(CultureInfo.InvariantCulture)), TimeProvider.System, Console.Out, onHosts);
                var outcome = await run.RunAsync(cancel);
                outcomes.Add(outcome);
                ChaosReport.WriteSeed(Console.Out, outcome);
                if (outcome.Error is not null || outcome.Violations.Count > 0)
                {
                    ChaosReport.WriteHistory(Path.Combine(root, "seed" + s.ToString(CultureInfo.InvariantCulture), "history.txt"), outcome);
                }
            }

            ChaosReport.WriteSummary(Console.Out, outcomes);
            var failed = outcomes.Any(o => o.Error is not null || o.Violations.Count > 0);
            if (failed)
            {
                Console.WriteLine($"logs and histories kept in {root}");
            }
            else if (keep is null)
            {
                Directory.Delete(root, recursive: true);
            }

            return failed ? 1 : 0;
        });
        return chaos;
    }

    private static ChaosScheduleOptions Options(int seconds, bool hosts) => new()
    {
        Duration = TimeSpan.FromSeconds(seconds),
        Weights = hosts ? ChaosScheduleOptions.HostLabWeights : ChaosScheduleOptions.LoopbackWeights,
    };
}
