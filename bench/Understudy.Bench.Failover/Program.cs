using System.Diagnostics;
using Understudy.Bench.Common;
using Understudy.Bench.Failover;

// bench/failover: kill -9 the node that owns the example kv role, N times, and time until the
// role answers its HTTP probe (/healthz) from its new owner. Each killed node is restarted
// before the next round, so every round starts from three Up nodes.
// --kills N (20); --understudy DIR: run the nodes from DIR, e.g. a ReadyToRun publish as a
// deployment would have (docs/benchmarks.md), instead of this benchmark's build output.
// --profile fast: the cluster file's timing for sub-second failover (FastProfile below) instead
// of the defaults.
var kills = Option("--kills") is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 20;
var binaries = Path.GetFullPath(Option("--understudy") ?? AppContext.BaseDirectory);
Console.WriteLine($"# dotnet run -c Release --project bench/Understudy.Bench.Failover -- {string.Join(' ', args)}");
Console.WriteLine($"# {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");

string[] names = ["n1", "n2", "n3"];
// Detection in 600 ms (150 ms x 4: still twice the longest heartbeat gap measured under a
// two-core CPU hog, 280 ms), a lease that ends with it, renewed four times per lease.
const string FastProfile = "heartbeat:\n  interval: 150ms\n  threshold: 4\nfailover:\n  lease: 600ms\n  leaderLease: 450ms\n  renew: 150ms\n  margin: 100ms\n";

var before = Option("--profile") switch
{
    null or "default" => "",
    "fast" => FastProfile,
    var other => throw new ArgumentException($"--profile: unknown profile '{other}' (default, fast)"),
};
Console.WriteLine($"# timing: {(before.Length == 0 ? "the defaults" : before.ReplaceLineEndings(" "))}");

// The bench kills nodes on purpose, three per node within minutes: with WSFC's quarantine (3
// unplanned departures an hour) the cluster would rightly keep a node out after its third kill.
before += "quarantine:\n  departures: 0\n";
using var cluster = new BenchNodes("understudy-bench-failover-", names, KvRole.Yaml, before, binaries);
foreach (var node in names)
{
    cluster.Start(node);
}

var limit = TimeSpan.FromSeconds(60);
var samples = new List<(double Ms, bool WasLeader)>();
var observer = "n1"; // a node that was not just restarted: a restarted node's view is stale until it catches up
for (var i = 0; i < kills; i++)
{
    var ready = await cluster.WaitAsync(observer, s => s.Leader is not null && s.Nodes.All(n => n.State == "Up") && s.Roles.Any(r => r.State == "Online"), limit);

    // Every other round the owner is also the Raft leader: the new leader must then wait out
    // the lease from its own election, the slowest case.
    if (i % 2 == 1 && ready.Roles.Single(r => r.Name == "kv").Owner != ready.Leader)
    {
        var leader = ready.Leader!;
        await cluster.CliAsync("role", "move", "kv", "--to", leader);
        ready = await cluster.WaitAsync(observer, s => s.Leader == leader && s.Roles.Any(r => r is { State: "Online" } && r.Owner == leader), limit);
    }

    var owner = ready.Roles.Single(r => r.Name == "kv").Owner!;
    var wasLeader = ready.Leader == owner;
    var settle = Stopwatch.StartNew();
    while (await KvRole.AnsweringNodeAsync(cluster.Block) != owner)
    {
        if (settle.Elapsed > limit)
        {
            cluster.Keep = true;
            Console.WriteLine($"the role did not answer from its owner {owner} within {limit}; node logs kept in {cluster.Root}");
            return 1;
        }

        await Task.Delay(20);
    }

    var clock = Stopwatch.StartNew();
    cluster.Kill(owner);
    string? answering;
    do
    {
        answering = await KvRole.AnsweringNodeAsync(cluster.Block);
        if (answering is null || answering == owner)
        {
            await Task.Delay(10);
        }
    }
    while ((answering is null || answering == owner) && clock.Elapsed < limit);

    var ms = clock.Elapsed.TotalMilliseconds;
    samples.Add((ms, wasLeader));
    Console.WriteLine($"kill {i + 1,2}: owner {owner}{(wasLeader ? " (leader)" : "")} -> {answering} answering after {ms:0} ms");
    cluster.Start(owner);
    observer = answering ?? names.First(n => n != owner);
    await cluster.WaitAsync(observer, s => s.Nodes.Single(n => n.Name == owner).State == "Up", limit);
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

void Report(string label, double[] values) =>
    Console.WriteLine(values.Length == 0 ? $"{label}: no samples" : $"{label}: n={values.Length} median {Median(values):0} ms, max {values.Max():0} ms, min {values.Min():0} ms");

Report("all kills", [.. samples.Select(s => s.Ms)]);
Report("owner was a follower", [.. samples.Where(s => !s.WasLeader).Select(s => s.Ms)]);
Report("owner was the leader", [.. samples.Where(s => s.WasLeader).Select(s => s.Ms)]);
return 0;
