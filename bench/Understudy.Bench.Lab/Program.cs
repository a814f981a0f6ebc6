using System.Diagnostics;
using System.Globalization;
using Understudy.Bench.Lab;

// bench/lab (root): failover across hosts on the host lab (docs/lab.md). N rounds of each fault:
//   kill      kill -9 the kv role's owner node and cut its cable (lab cut);
//   partition cut the owner off from the other hosts (lab partition OWNER / OTHERS), client on neither side;
// and time, from the fault, until the lab's client namespace gets an answer at the role's
// address from another host. A killed node is restarted (cable mended) and a partition healed
// before the next round, so every round starts from three Up nodes.
// --rounds N (10 per fault); --faults kill,partition; --understudy DIR: run the nodes from DIR
// (e.g. a ReadyToRun publish, as a deployment would) instead of this benchmark's build output.
// footprint [--seconds S]: a witness's memory and CPU beside a full node's (no root: loopback).
// nlb [--rounds 3] [--seconds 10] [--connections 10,50] [--threads 2]: wrk from the lab's client
// against the cluster address in distributed and director mode, and HAProxy (docs/nlb.md).
if (args.FirstOrDefault() == "nlb")
{
    if (!Environment.IsPrivilegedProcess)
    {
        Console.Error.WriteLine("bench/lab nlb needs root (it builds host labs of network namespaces); run it with sudo");
        return 2;
    }

    Console.WriteLine($"# dotnet run -c Release --project bench/Understudy.Bench.Lab -- {string.Join(' ', args)}");
    Console.WriteLine($"# {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, load {File.ReadAllText("/proc/loadavg").Trim()}");
    var result = await NlbOnLab.RunAsync(
        Path.GetFullPath(Option("--understudy") ?? AppContext.BaseDirectory),
        Option("--rounds") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 3,
        Option("--seconds") is { } sec ? int.Parse(sec, CultureInfo.InvariantCulture) : 10,
        [.. (Option("--connections") ?? "10,50").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))],
        Option("--threads") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : 2);
    Console.WriteLine($"# load at the end {File.ReadAllText("/proc/loadavg").Trim()}");
    return result;
}

if (args.FirstOrDefault() == "footprint")
{
    var seconds = Option("--seconds") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 60;
    Console.WriteLine($"# dotnet run -c Release --project bench/Understudy.Bench.Lab -- {string.Join(' ', args)}");
    Console.WriteLine($"# {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, load {File.ReadAllText("/proc/loadavg").Trim()}");
    return await Footprint.RunAsync(Path.GetFullPath(Option("--understudy") ?? AppContext.BaseDirectory), TimeSpan.FromSeconds(seconds));
}

if (!Environment.IsPrivilegedProcess)
{
    Console.Error.WriteLine("bench/lab needs root (it builds a host lab of network namespaces); run it with sudo");
    return 2;
}

var rounds = Option("--rounds") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 10;
var faults = (Option("--faults") ?? "kill,partition").Split(',', StringSplitOptions.RemoveEmptyEntries);
var binaries = Path.GetFullPath(Option("--understudy") ?? AppContext.BaseDirectory);
Console.WriteLine($"# dotnet run -c Release --project bench/Understudy.Bench.Lab -- {string.Join(' ', args)}");
Console.WriteLine($"# {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, load {File.ReadAllText("/proc/loadavg").Trim()}");

var limit = TimeSpan.FromSeconds(90);
var first = TimeSpan.FromMinutes(5); // a busy machine forms the lab's cluster in 20 s to minutes
var samples = new List<(string Fault, double Ms, bool WasLeader)>();
var failed = false;
await using (var lab = await LabRig.StartAsync(binaries, limit))
{
    Console.WriteLine($"# lab {lab.Name}: LAN {lab.Lan}.0/24, role address {lab.Lan}.100, files in {lab.Root}");
    foreach (var fault in faults)
    {
        for (var i = 0; i < rounds && !failed; i++)
        {
            var ready = await lab.WaitAsync(s => s.Nodes.All(n => n.State == "Up") && s.Roles.Any(r => r is { Name: "kv", State: "Online", Owner: not null }), "three nodes Up and kv Online", samples.Count == 0 ? first : limit);
            var owner = ready.Roles.Single(r => r.Name == "kv").Owner!;
            var settle = Stopwatch.StartNew();
            while (await lab.Client.AnsweringAsync() != owner)
            {
                if (settle.Elapsed > limit)
                {
                    Console.WriteLine($"the role did not answer from its owner {owner} within {limit}; files in {lab.Root}");
                    failed = true;
                    break;
                }

                await Task.Delay(20);
            }

            if (failed)
            {
                break;
            }

            var wasLeader = ready.Leader == owner;
            var pid = ready.Nodes.Single(n => n.Name == owner).Pid!.Value;
            var clock = Stopwatch.StartNew();
            if (fault == "kill")
            {
                LabRig.Kill(pid);
                await lab.CableAsync(owner, up: false);
            }
            else
            {
                await lab.PartitionAsync(owner);
            }

            var answer = await lab.Client.FirstOtherAsync(owner, clock, limit);
            if (answer is not { } next)
            {
                Console.WriteLine($"{fault} {i + 1}: owner {owner}{(wasLeader ? " (leader)" : "")}: no other host answered within {limit}; files in {lab.Root}");
                failed = true;
                break;
            }

            samples.Add((fault, next.At.TotalMilliseconds, wasLeader));
            Console.WriteLine($"{fault,-9} {i + 1,2}: owner {owner}{(wasLeader ? " (leader)" : "")} -> {next.Node} answering after {next.At.TotalMilliseconds:0} ms");
            if (fault == "kill")
            {
                await lab.CableAsync(owner, up: true);
                lab.Restart(owner, binaries);
            }
            else
            {
                await lab.HealAsync();
            }

            await lab.WaitAsync(s => s.Nodes.All(n => n.State == "Up") && s.Nodes.Single(n => n.Name == owner).Pid is { } p && (fault != "kill" || p != pid), $"{owner} Up again", limit);
        }
    }
}

foreach (var fault in faults)
{
    Report(fault, [.. samples.Where(s => s.Fault == fault).Select(s => s.Ms)]);
    Report($"{fault}, owner was a follower", [.. samples.Where(s => s.Fault == fault && !s.WasLeader).Select(s => s.Ms)]);
    Report($"{fault}, owner was the leader", [.. samples.Where(s => s.Fault == fault && s.WasLeader).Select(s => s.Ms)]);
}

Console.WriteLine($"# load at the end {File.ReadAllText("/proc/loadavg").Trim()}");
return failed ? 1 : 0;

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static void Report(string label, double[] values)
{
    if (values.Length == 0)
    {
        Console.WriteLine($"{label}: no samples");
        return;
    }

    var sorted = values.Order().ToArray();
    var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    var p90 = sorted[(int)Math.Ceiling(0.9 * sorted.Length) - 1]; // nearest rank
    Console.WriteLine($"{label}: n={sorted.Length} median {median:0} ms, p90 {p90:0} ms, min {sorted[0]:0} ms, max {sorted[^1]:0} ms");
}
