using System.Diagnostics;
using System.Globalization;
using Understudy.Bench.Common;

// bench/idle: what an idle node costs. Three real nodes with one failover role (the example kv
// service under the lease guard, with an HTTP probe) and one NLB rule, left alone; after a
// warm-up, per-node CPU (utime + stime from /proc/PID/stat over the window), resident memory and
// threads at the end, and the same for each node's guards and workloads. Variants run one after
// the other, each on a fresh cluster, so levers (environment variables of the node processes)
// compare within one run:
//   --variant "NAME|VAR=VALUE,VAR=VALUE" (repeatable; default one variant "defaults" with none)
//   --seconds N (60), --warmup N (15), --rounds N (1: every variant N times, interleaved),
//   --understudy DIR (the nodes' program, e.g. a ReadyToRun publish; default this build's).
var seconds = ArgInt("--seconds", 60);
var warmup = ArgInt("--warmup", 15);
var rounds = ArgInt("--rounds", 1);
var binaries = Path.GetFullPath(Option("--understudy") ?? AppContext.BaseDirectory);
var variants = Options("--variant").Select(ParseVariant).ToList();
if (variants.Count == 0)
{
    variants.Add(("defaults", new Dictionary<string, string>()));
}

Console.WriteLine($"# dotnet run -c Release --project bench/Understudy.Bench.Idle -- {string.Join(' ', args.Select(a => a.Contains(' ') || a.Contains('|') ? $"\"{a}\"" : a))}");
Console.WriteLine($"# {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, nodes from {binaries}");
Console.WriteLine($"# load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");

string[] names = ["n1", "n2", "n3"];
var results = new List<(string Variant, double[] Cpu, long[] Rss, long[] Pss, int[] Threads, double WorkloadCpu)>();
for (var round = 0; round < rounds; round++)
{
    foreach (var (name, environment) in variants)
    {
        try
        {
            results.Add(await RunAsync(name, environment));
        }
        catch (TimeoutException e)
        {
            // A lever that keeps the cluster from forming (a heap limit too small) is a result too.
            Console.WriteLine($"{name}: the cluster did not form ({e.Message})");
        }
    }
}

Console.WriteLine();
Console.WriteLine("| Variant | Node CPU % of a core (n1, n2, n3) | mean | RSS MiB (n1, n2, n3) | PSS MiB (n1, n2, n3) | Threads | Guards + workloads CPU % |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    Console.WriteLine($"| {r.Variant} | {string.Join(", ", r.Cpu.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)))} | {r.Cpu.Average():0.00} | {string.Join(", ", r.Rss.Select(k => (k / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)))} | {string.Join(", ", r.Pss.Select(k => (k / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)))} | {string.Join(", ", r.Threads)} | {r.WorkloadCpu:0.00} |");
}

return 0;

async Task<(string, double[], long[], long[], int[], double)> RunAsync(string variant, IReadOnlyDictionary<string, string> environment)
{
    using var cluster = new BenchNodes("understudy-bench-idle-", names, (block, root) => Sections(block, root), binaries: binaries);
    foreach (var node in names)
    {
        cluster.Start(node, environment);
    }

    await cluster.WaitAsync("n1", s => s.Leader is not null && s.Nodes.All(n => n.State == "Up") && s.Roles.Any(r => r.State == "Online"), TimeSpan.FromSeconds(240), TimeSpan.FromMilliseconds(200));

    // Warm-up: start-up JIT, the first lease grants and NLB bucket assignment settle. Nothing
    // (not even this program) talks to the nodes during the measured window.
    await Task.Delay(TimeSpan.FromSeconds(warmup));
    var pids = names.Select(cluster.Pid).ToArray();
    var before = pids.Select(p => ProcSample.Read(p)!).ToArray();
    var workloadsBefore = pids.Select(WorkloadTicks).ToArray();
    var clock = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    var elapsed = clock.Elapsed.TotalSeconds;
    var after = pids.Select(p => ProcSample.Read(p)!).ToArray();
    var workloadsAfter = pids.Select(WorkloadTicks).ToArray();

    var cpu = before.Zip(after, (b, a) => 100.0 * (a.CpuTicks - b.CpuTicks) / ProcSample.TicksPerSecond / elapsed).ToArray();
    var workloadCpu = workloadsBefore.Zip(workloadsAfter, (b, a) => 100.0 * (a - b) / ProcSample.TicksPerSecond / elapsed).Average();
    var still = await cluster.StatusAsync("n1");
    var healthy = still is not null && still.Nodes.All(n => n.State == "Up") && still.Roles.Any(r => r.State == "Online");
    Console.WriteLine($"{variant}: cpu {string.Join(", ", cpu.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)))} % over {elapsed:0.0} s; rss {string.Join(", ", after.Select(a => $"{a.RssKiB / 1024.0:0.0}"))} MiB; pss {string.Join(", ", after.Select(a => $"{a.PssKiB / 1024.0:0.0}"))} MiB; threads {string.Join(", ", after.Select(a => a.Threads))}; guards+workloads {workloadCpu:0.00} % per node; cluster {(healthy ? "still Up with the role Online" : "NOT healthy at the end")}");
    return (variant, cpu, after.Select(a => a.RssKiB).ToArray(), after.Select(a => a.PssKiB).ToArray(), after.Select(a => a.Threads).ToArray(), workloadCpu);
}

// CPU ticks of a node's descendants (its guards and their workloads) alive now.
static long WorkloadTicks(int pid) => ProcSample.Descendants(pid).Sum(d => ProcSample.Read(d)?.CpuTicks ?? 0);

static string Sections(string block, string root) => $"""
    roles:
      - name: kv
        resources:
          - name: ip
            type: address
            address: {block}.100
          - name: server
            type: process
            dependsOn: [ip]
            command: understudy
            args: [example, kv, --listen, "{block}.100:8080", --data, "{Path.Combine(root, "kv.json")}"]
          - name: http
            type: probe
            dependsOn: [server]
            http: http://{block}.100:8080/healthz
    nlb:
      address: {block}.50
      rules:
        - {"{"} name: web, ports: 8090, protocol: http, affinity: none, targetPort: 9080 {"}"}

    """;

(string, Dictionary<string, string>) ParseVariant(string text)
{
    var parts = text.Split('|', 2);
    var environment = new Dictionary<string, string>();
    foreach (var pair in parts.Length > 1 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : [])
    {
        var kv = pair.Split('=', 2);
        environment[kv[0]] = kv.Length > 1 ? kv[1] : "";
    }

    return (parts[0], environment);
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

IEnumerable<string> Options(string name)
{
    for (var i = 0; i + 1 < args.Length; i++)
    {
        if (args[i] == name)
        {
            yield return args[i + 1];
        }
    }
}

int ArgInt(string name, int fallback) => Option(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
