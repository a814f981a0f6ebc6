using System.Collections.Immutable;
using System.Globalization;
using Understudy.Cli.Commands;
using Understudy.Core.Chaos;
using Understudy.Node.Api;

namespace Understudy.Cli.Scenario;

/// <summary>
/// One seed of <c>understudy scenario chaos</c>, for real: starts the five node processes (on
/// loopback, or each on a host of its own in a host lab when <paramref name="hosts"/>), waits
/// until they agree, starts the clients, injects the seed's faults, waits until the nodes agree
/// again (timed from the last fault's end), reads the final state, and checks the history.
/// </summary>
internal sealed class ChaosRun(int seed, ChaosScheduleOptions schedule, TimeSpan convergenceLimit, string folder, TimeProvider time, TextWriter log, bool hosts = false)
{
    /// <summary>The issue's bound: all nodes agree within 10 s of the last fault.</summary>
    public static readonly TimeSpan DefaultConvergenceLimit = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FormationLimit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ConvergenceWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Baseline = TimeSpan.FromSeconds(2);

    public async Task<ChaosOutcome> RunAsync(CancellationToken cancel)
    {
        Directory.CreateDirectory(folder);
        var seedName = seed.ToString(CultureInfo.InvariantCulture);
        // A lab's namespaces are named after the cluster: a random suffix keeps two runs of one
        // seed (a test beside a long run) apart.
        var (block, name) = hosts
            ? ($"10.{Random.Shared.Next(100, 250)}.{Random.Shared.Next(0, 250)}", $"chaos{seedName}-{Guid.NewGuid().ToString("N")[..6]}")
            : ($"127.{Random.Shared.Next(20, 220)}.{Random.Shared.Next(1, 250)}", "chaos" + seedName);
        var file = ChaosClusterFile.Write(folder, block, name, hosts);
        var config = ClusterFileInput.Load(file, log) ?? throw new InvalidOperationException("the chaos cluster file is not valid");
        var faults = ChaosSchedule.Create(seed, schedule);
        if (!hosts && faults.FirstOrDefault(f => f.IsNetwork) is { } network)
        {
            return new(seed, [], null, [], 0, 0, [], $"{network.Kind} needs separate network stacks: run with --hosts");
        }

        ChaosLab? lab = null;
        if (hosts)
        {
            (lab, var error) = await ChaosLab.CreateAsync(config, file, log);
            if (lab is null)
            {
                return new(seed, [], null, [], 0, 0, [], error);
            }

            log.WriteLine($"  host lab '{name}': LAN {block}.0/24, nodes {block}.1-{config.Nodes.Length}, clients in its client namespace");
        }

        await using var labLifetime = lab;
        await using var nodes = new ChaosNodes(file, config, folder, lab is null ? null : (Func<string, string>)lab.NamespaceOf);
        using var clients = new ChaosClients(block, time, lab?.ClientHandler());
        using var status = new StatusClient(ApiTrust.For(config), lab?.ClientHandler());
        nodes.StartAll();
        if (await ConvergeAsync(status, nodes, FormationLimit, cancel) is { Count: > 0 } notFormed)
        {
            return new(seed, [], null, [], 0, 0, [], "the cluster did not form: " + string.Join("; ", notFormed));
        }

        clients.Start();
        await Task.Delay(Baseline, time, cancel);
        var injected = new List<ChaosInjected>();
        var started = time.GetTimestamp();
        foreach (var fault in faults)
        {
            var wait = fault.At - time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancel);
            }

            var node = await ResolveAsync(fault, status, nodes, cancel);
            log.WriteLine($"  {time.GetElapsedTime(started).TotalSeconds,6:0.0} s  {Describe(fault)} {node}");
            await InjectAsync(fault, node, nodes, lab, started, cancel);
            injected.Add(new(fault, node, time.GetElapsedTime(started)));
        }

        var quiet = time.GetTimestamp();
        var differences = await ConvergeAsync(status, nodes, ConvergenceWait, cancel);
        TimeSpan? converged = differences.Count == 0 ? time.GetElapsedTime(quiet) : null;
        var finalRead = await clients.FinalReadAsync(TimeSpan.FromSeconds(10), cancel);
        await clients.StopAsync();
        var history = clients.History();
        var violations = HistoryChecker.Check(history, clients.Owners()).Concat(differences).ToList();
        if (converged > convergenceLimit)
        {
            violations.Add(new(HistoryViolationKind.NotConverged, $"the nodes agreed {converged.Value.TotalSeconds:0.0} s after the last fault (limit {convergenceLimit.TotalSeconds:0} s)"));
        }

        if (!finalRead)
        {
            violations.Add(new(HistoryViolationKind.NotConverged, "the kv service did not answer a final read within 10 s"));
        }

        return new(seed, injected, converged, history, clients.NlbOk, clients.NlbFailed, violations, null);
    }

    /// <summary>A fault in words; the node it hits follows.</summary>
    public static string Describe(ChaosFault f) => f.Kind switch
    {
        ChaosFaultKind.ClusterRestart => $"cluster restart ({f.Duration.TotalSeconds:0.0} s down)",
        ChaosFaultKind.Kill => $"kill -9 ({f.Duration.TotalSeconds:0.0} s down) of {Target(f)}",
        ChaosFaultKind.Pause => $"SIGSTOP ({f.Duration.TotalSeconds:0.0} s) of {Target(f)}",
        ChaosFaultKind.Restart => $"restart of {Target(f)}",
        ChaosFaultKind.ClockJump => $"wall clock {(f.ClockOffset > TimeSpan.Zero ? "+" : "")}{f.ClockOffset.TotalSeconds:0} s (restart, {f.Duration.TotalSeconds:0.0} s down) of {Target(f)}",
        ChaosFaultKind.Partition => $"partition ({f.Duration.TotalSeconds:0.0} s, a minority of {1 + f.Companions}) of {Target(f)}",
        ChaosFaultKind.OneWay => $"one-way cut ({f.Duration.TotalSeconds:0.0} s) of what {(f.Inbound ? "reaches" : "is sent by")} {Target(f)}",
        ChaosFaultKind.Bridge => $"bridge ({f.Duration.TotalSeconds:0.0} s: the others in two halves, only it reaching both) at {Target(f)}",
        ChaosFaultKind.Loss => $"{f.LossPercent}% loss ({f.Duration.TotalSeconds:0.0} s) of {Target(f)}",
        _ => $"wall clock stepped {(f.ClockOffset > TimeSpan.Zero ? "+" : "")}{f.ClockOffset.TotalSeconds:0} s ({f.Duration.TotalSeconds:0.0} s, running) of {Target(f)}",
    };

    private static string Sides(ChaosCut cut, IReadOnlyList<Core.Config.NodeConfig> nodes) =>
        $"{string.Join(',', cut.From.Select(i => nodes[i].Name))} {(cut.OneWay ? "->" : "/")} {string.Join(',', cut.To.Select(i => nodes[i].Name))}";

    private static string Target(ChaosFault f) => f.Target switch
    {
        ChaosTarget.Owner => "the kv owner",
        ChaosTarget.Leader => "the leader",
        _ => "node",
    };

    /// <summary>The node a fault hits: the owner or the leader as a live node sees them now, else the scheduled index.</summary>
    private static async Task<string> ResolveAsync(ChaosFault fault, StatusClient status, ChaosNodes nodes, CancellationToken cancel)
    {
        var byIndex = nodes.Nodes[fault.NodeIndex].Name;
        if (fault.Target == ChaosTarget.Node || fault.Kind == ChaosFaultKind.ClusterRestart)
        {
            return byIndex;
        }

        foreach (var node in nodes.Nodes)
        {
            if (await status.TryGetAsync(node.ApiUrl, cancel) is { } s)
            {
                var name = fault.Target == ChaosTarget.Leader ? s.Leader : s.Roles.FirstOrDefault(r => r.Name == "kv")?.Owner;
                return name ?? byIndex;
            }
        }

        return byIndex;
    }

    private async Task InjectAsync(ChaosFault fault, string node, ChaosNodes nodes, ChaosLab? lab, long started, CancellationToken cancel)
    {
        if (fault.IsNetwork)
        {
            await InjectNetworkAsync(fault, Index(nodes, node), nodes.Nodes, lab ?? throw new InvalidOperationException($"{fault.Kind} needs the host lab"), started, cancel);
            return;
        }

        switch (fault.Kind)
        {
            case ChaosFaultKind.Kill:
                await nodes.KillAsync(node);
                await UntilAsync(fault.End, started, cancel);
                nodes.Start(node, TimeSpan.Zero);
                break;
            case ChaosFaultKind.Pause:
                nodes.Pause(node);
                await UntilAsync(fault.End, started, cancel);
                nodes.Continue(node);
                break;
            case ChaosFaultKind.Restart:
                await nodes.StopAsync(node);
                nodes.Start(node, TimeSpan.Zero);
                break;
            case ChaosFaultKind.ClusterRestart:
                foreach (var n in nodes.Nodes)
                {
                    await nodes.KillAsync(n.Name);
                }

                await UntilAsync(fault.End, started, cancel);
                nodes.StartAll();
                break;
            case ChaosFaultKind.ClockStep:
                nodes.SetClock(node, fault.ClockOffset);
                await UntilAsync(fault.End, started, cancel);
                nodes.SetClock(node, TimeSpan.Zero);
                break;
            case ChaosFaultKind.ClockJump:
                await nodes.StopAsync(node);
                await UntilAsync(fault.End, started, cancel);
                nodes.Start(node, fault.ClockOffset);
                break;
        }
    }

    /// <summary>A cut or loss of the LAN for the fault's duration, then healed: the nodes keep
    /// running throughout, only the frames between them are dropped.</summary>
    private async Task InjectNetworkAsync(ChaosFault fault, int target, IReadOnlyList<Core.Config.NodeConfig> all, ChaosLab lab, long started, CancellationToken cancel)
    {
        if (fault.Kind == ChaosFaultKind.Loss)
        {
            await lab.LossAsync(target, fault.LossPercent);
            try
            {
                await UntilAsync(fault.End, started, cancel);
            }
            finally
            {
                await lab.LossAsync(target, 0);
            }

            return;
        }

        var cut = ChaosCut.Of(fault, target, all.Count);
        log.WriteLine($"           {Sides(cut, all)}");
        await lab.CutAsync(cut);
        try
        {
            await UntilAsync(fault.End, started, cancel);
        }
        finally
        {
            await lab.HealAsync();
        }
    }

    private static int Index(ChaosNodes nodes, string node)
    {
        for (var i = 0; i < nodes.Nodes.Count; i++)
        {
            if (nodes.Nodes[i].Name == node)
            {
                return i;
            }
        }

        throw new ArgumentException($"no node {node}", nameof(node));
    }

    private async Task UntilAsync(TimeSpan at, long started, CancellationToken cancel)
    {
        var wait = at - time.GetElapsedTime(started);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancel);
        }
    }

    /// <summary>Polls every node until they agree; what still differs after <paramref name="limit"/> (empty if they agreed).</summary>
    private async Task<IReadOnlyList<HistoryViolation>> ConvergeAsync(StatusClient status, ChaosNodes nodes, TimeSpan limit, CancellationToken cancel)
    {
        var started = time.GetTimestamp();
        var names = nodes.Nodes.Select(n => n.Name).ToList();
        while (true)
        {
            var views = new List<NodeView>();
            foreach (var node in nodes.Nodes)
            {
                if (await status.TryGetAsync(node.ApiUrl, cancel) is { } s)
                {
                    views.Add(ViewOf(s));
                }
            }

            var differences = ConvergenceCheck.Differences(names, views);
            if (differences.Count == 0 || time.GetElapsedTime(started) > limit)
            {
                return differences;
            }

            await Task.Delay(Poll, time, cancel);
        }
    }

    private static NodeView ViewOf(StatusDocument s) => new(
        s.AnsweredBy,
        s.Leader,
        s.Version,
        s.Digest,
        s.Nodes.ToImmutableSortedDictionary(n => n.Name, n => n.State, StringComparer.Ordinal),
        s.Roles.ToImmutableSortedDictionary(r => r.Name, r => r.Owner is null ? r.State : $"{r.State}@{r.Owner}", StringComparer.Ordinal),
        (s.Nlb?.Members ?? []).SelectMany(m => m.Buckets.Select(b => (Key: $"{m.Name}/{b.Key}", b.Value))).ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
}
