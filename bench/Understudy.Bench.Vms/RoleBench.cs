using System.Diagnostics;

namespace Understudy.Bench.Vms;

/// <summary>
/// <c>bench/vms roles</c>: VM failover through roles on three real nodes. Per driver: kill -9 the
/// node that owns the VM role, N times, and time from the kill until a surviving host accepts a
/// heartbeat of the VM's new incarnation (the arrival time is the poll time minus the host's
/// "since heartbeat"); the killed node is restarted before the next round. Then, for QEMU, move
/// the role with <c>understudy role move</c> M times: QEMU's downtime and the longest heartbeat
/// gap the hosts saw across the move, as the new owner records them.
/// </summary>
internal static class RoleBench
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(IReadOnlyList<string> drivers, int kills, int moves)
    {
        foreach (var driver in drivers)
        {
            using var cluster = new RoleBenchCluster(driver);
            try
            {
                await BenchAsync(cluster, driver, kills, driver == "qemu" ? moves : 0);
            }
            catch (TimeoutException e)
            {
                cluster.Nodes.Keep = true;
                Console.WriteLine($"{driver}: {e.Message}; node logs kept in {cluster.Nodes.Root}");
                return 1;
            }
        }

        return 0;
    }

    private static async Task BenchAsync(RoleBenchCluster cluster, string driver, int kills, int moves)
    {
        foreach (var node in RoleBenchCluster.Names)
        {
            cluster.Nodes.Start(node);
        }

        var observer = "n1";
        var samples = new List<double>();
        for (var i = 0; i < kills; i++)
        {
            var ready = await cluster.Nodes.WaitAsync(observer, s => s.Leader is not null && s.Nodes.All(n => n.State == "Up") && s.Roles.Any(r => r is { Name: "web", State: "Online" }), Limit);
            var owner = ready.Roles.Single(r => r.Name == "web").Owner!;
            var before = await WaitVmAsync(cluster, owner, v => v.Verdict == "healthy" && v.SinceHeartbeatMs < 500);

            var clock = Stopwatch.StartNew();
            cluster.Nodes.Kill(owner);
            var survivors = RoleBenchCluster.Names.Where(n => n != owner).ToArray();
            double? back = null;
            string? host = null;
            while (back is null)
            {
                if (clock.Elapsed > Limit)
                {
                    throw new TimeoutException($"no heartbeat of a new incarnation within {Limit}");
                }

                foreach (var node in survivors)
                {
                    if (await cluster.VmAsync(node) is { Incarnation: { } incarnation, SinceHeartbeatMs: { } since } && incarnation != before.Incarnation)
                    {
                        back = clock.Elapsed.TotalMilliseconds - since;
                        host = node;
                        break;
                    }
                }

                await Task.Delay(10);
            }

            samples.Add(back.Value);
            Console.WriteLine($"{driver} kill {i + 1,2}: owner {owner} killed -> guest heartbeating on {host} after {back:0} ms");
            cluster.Nodes.Start(owner);
            observer = host!;
            await cluster.Nodes.WaitAsync(observer, s => s.Nodes.Single(n => n.Name == owner).State == "Up", Limit);
        }

        Report($"{driver} VM failover (kill -9 host -> heartbeat on another host)", samples);
        if (moves == 0)
        {
            return;
        }

        var downtimes = new List<double>();
        var gaps = new List<double>();
        var restarts = 0;
        for (var i = 0; i < moves; i++)
        {
            var ready = await cluster.Nodes.WaitAsync(observer, s => s.Nodes.All(n => n.State == "Up") && s.Roles.Any(r => r is { Name: "web", State: "Online" }), Limit);
            var role = ready.Roles.Single(r => r.Name == "web");
            var owner = role.Owner!;
            var before = await WaitVmAsync(cluster, owner, v => v.Verdict == "healthy" && v.SinceHeartbeatMs < 500);
            var target = RoleBenchCluster.Names.First(n => n != owner);
            var clock = Stopwatch.StartNew();
            await cluster.Nodes.CliAsync("role", "move", "web", "--to", target);
            var after = await WaitVmAsync(cluster, target, v => v.Verdict == "healthy" && (v.Incarnation != before.Incarnation || v.Migration is { LongestGapMs: not null } m && m.Token > role.FencingToken));
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (after.Incarnation != before.Incarnation || after.Migration is not { } migration)
            {
                restarts++;
                Console.WriteLine($"qemu move {i + 1,2}: {owner} -> {target}: restarted (no live migration), heartbeating after {elapsed:0} ms");
                foreach (var node in new[] { owner, target })
                {
                    foreach (var line in cluster.Nodes.LogLines(node, "VM " + cluster.VmName).TakeLast(6))
                    {
                        Console.WriteLine($"    {node}: {line}");
                    }
                }

                cluster.Nodes.Keep = true;
                Console.WriteLine($"    node logs kept in {cluster.Nodes.Root}");

                continue;
            }

            // Let the new owner see 10 more beats, so the longest gap covers the first seconds after the move too.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            migration = (await cluster.VmAsync(target))?.Migration is { Token: var token } latest && token == migration.Token ? latest : migration;
            downtimes.Add(migration.DowntimeMs);
            gaps.Add(migration.LongestGapMs!.Value);
            Console.WriteLine($"qemu move {i + 1,2}: {owner} -> {target}: live migration, QEMU downtime {migration.DowntimeMs:0} ms, total {migration.TotalMs:0} ms, heartbeat gap across the move {migration.HandoverGapMs:0} ms, longest gap {migration.LongestGapMs:0} ms, role move to recorded {elapsed:0} ms");
            observer = target;
        }

        Report("qemu live migration through role move: QEMU downtime", downtimes);
        Report("qemu live migration through role move: longest heartbeat gap (interval 250 ms)", gaps);
        Console.WriteLine($"qemu moves that fell back to a restart: {restarts} of {moves}");
    }

    private static async Task<RoleBenchCluster.VmSeen> WaitVmAsync(RoleBenchCluster cluster, string node, Func<RoleBenchCluster.VmSeen, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Limit)
        {
            if (await cluster.VmAsync(node) is { } vm && condition(vm))
            {
                return vm;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"the VM on {node} did not reach the expected state within {Limit}");
    }

    private static void Report(string label, List<double> values)
    {
        var sorted = values.Order().ToArray();
        var median = sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        Console.WriteLine(sorted.Length == 0 ? $"{label}: no samples" : $"{label}: n={sorted.Length} median {median:0} ms, max {sorted[^1]:0} ms, min {sorted[0]:0} ms");
    }
}
