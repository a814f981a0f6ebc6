using System.Diagnostics;
using System.Globalization;
using Understudy.Bench.Common;
using Understudy.Bench.Soak;

// bench/soak (issue 13 item 9): three real nodes with a failover role (the example kv service
// under the lease guard, an HTTP probe) and an NLB rule over a clone role (the echo app on every
// node), under client load for --minutes, both cores saturated by a CPU hog for the middle
// --hog-minutes. Nothing is faulted on purpose, so every NodeDown is a false one and every move of
// the kv role an unplanned failover. Reports them, the clients' failures, and each node's RSS,
// open descriptors and threads at the start, every --sample-minutes, and at the end.
//   --minutes N (30), --hog-minutes N (half of --minutes), --sample-minutes N (5),
//   --understudy DIR (the nodes' program, e.g. a ReadyToRun publish; default this build's).
var minutes = ArgDouble("--minutes", 30);
var hogMinutes = ArgDouble("--hog-minutes", minutes / 2);
var sampleMinutes = ArgDouble("--sample-minutes", 5);
var binaries = Path.GetFullPath(Option("--understudy") ?? AppContext.BaseDirectory);
if (minutes <= 0 || hogMinutes < 0 || hogMinutes > minutes || sampleMinutes <= 0)
{
    Console.Error.WriteLine("--minutes must be > 0, --hog-minutes within 0..--minutes, --sample-minutes > 0");
    return 2;
}

Console.WriteLine($"# dotnet run -c Release --project bench/Understudy.Bench.Soak -- {string.Join(' ', args)}");
Console.WriteLine($"# {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, nodes from {binaries}");
Console.WriteLine($"# load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");

string[] names = ["n1", "n2", "n3"];
using var cluster = new BenchNodes("understudy-bench-soak-", names, SoakRoles.Yaml, binaries: binaries);
foreach (var node in names)
{
    cluster.Start(node);
}

await cluster.WaitAsync(
    "n1",
    s => s.Leader is not null && s.Nodes.All(n => n.State == "Up") && s.Roles.Any(r => r.Name == "kv" && r.State == "Online")
        && s.Roles.Any(r => r.Name == "web" && r.Instances is { Length: 3 } i && i.All(x => x.State == "Online")),
    TimeSpan.FromSeconds(240),
    TimeSpan.FromMilliseconds(200));
var owner = (await cluster.StatusAsync("n1"))!.Roles.Single(r => r.Name == "kv").Owner;
var lastEvent = (await cluster.GetAsync<EventsPage>("n1", "/api/events"))?.Last ?? 0;
Console.WriteLine($"formed: kv on {owner}, web on every node; events so far: {lastEvent}");

var pids = names.ToDictionary(n => n, cluster.Pid);
var samples = new List<(double Minute, string Node, ProcSample Sample, int Descriptors)>();
void Sample(double minute)
{
    foreach (var (node, pid) in pids)
    {
        if (ProcSample.Read(pid) is { } sample)
        {
            samples.Add((minute, node, sample, ProcSample.Descriptors(pid) ?? -1));
        }
    }

    Console.WriteLine($"{minute,6:0.00} min  " + string.Join("  ", samples.Where(s => s.Minute == minute).Select(s => $"{s.Node}: {s.Sample.RssKiB / 1024.0:0.0} MiB, {s.Descriptors} fds, {s.Sample.Threads} threads")) + $"  (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
}

using var stop = new CancellationTokenSource();
var clients = new SoakClients(cluster.Block);
var load = clients.RunAsync(stop.Token);
var clock = Stopwatch.StartNew();
Sample(0);
var hogFrom = TimeSpan.FromMinutes((minutes - hogMinutes) / 2);
var hogUntil = hogFrom + TimeSpan.FromMinutes(hogMinutes);
CpuHog? hog = null;
var next = TimeSpan.FromMinutes(sampleMinutes);
while (clock.Elapsed < TimeSpan.FromMinutes(minutes))
{
    if (hog is null && hogMinutes > 0 && clock.Elapsed >= hogFrom && clock.Elapsed < hogUntil)
    {
        hog = CpuHog.Start(Environment.ProcessorCount, hogUntil - clock.Elapsed);
        Console.WriteLine($"{clock.Elapsed.TotalMinutes,6:0.00} min  CPU hog on: {Environment.ProcessorCount} busy loops until minute {hogUntil.TotalMinutes:0.0}");
    }

    if (hog is not null && clock.Elapsed >= hogUntil)
    {
        hog.Dispose();
        hog = null;
        Console.WriteLine($"{clock.Elapsed.TotalMinutes,6:0.00} min  CPU hog off");
    }

    if (clock.Elapsed >= next)
    {
        Sample(Math.Round(next.TotalMinutes, 2));
        next += TimeSpan.FromMinutes(sampleMinutes);
    }

    await Task.Delay(TimeSpan.FromSeconds(1));
}

hog?.Dispose();
await stop.CancelAsync();
await load;
Sample(Math.Round(clock.Elapsed.TotalMinutes, 2));

// What happened, from the cluster's own event log (newest 1000 events kept; a quiet soak makes few).
var events = (await cluster.GetAsync<EventsPage>("n1", $"/api/events?after={lastEvent}"))?.Events ?? [];
var downs = events.Where(e => e.Kind == "NodeDown").ToList();
var moves = events.Where(e => e.Role == "kv" && e.Kind is "RoleMoving" or "RoleFailed").ToList();
var restarts = events.Where(e => e.Kind is "ResourceFailed" or "CloneRestarted" or "RoleRestarted").ToList();
var end = await cluster.StatusAsync("n1");
Console.WriteLine();
foreach (var e in downs.Concat(moves).Concat(restarts))
{
    Console.WriteLine($"  event {e.Kind} {e.Role} {e.Node}: {e.Reason}");
}

Console.WriteLine($"| Minutes | CPU hog | False Down | Unplanned kv moves | Restarts in place | kv ok / failed | NLB ok / failed | End: all Up, kv Online |");
Console.WriteLine($"|---|---|---|---|---|---|---|---|");
Console.WriteLine($"| {minutes:0.#} | {hogMinutes:0.#} min | {downs.Count} | {moves.Count} | {restarts.Count} | {clients.KvOk} / {clients.KvFailed} | {clients.NlbOk} / {clients.NlbFailed} | {(end is not null && end.Nodes.All(n => n.State == "Up") && end.Roles.Any(r => r.Name == "kv" && r.State == "Online") ? "yes" : "NO")} |");
Console.WriteLine();
Console.WriteLine("| Node | RSS MiB start → end | Descriptors start → end | Threads start → end |");
Console.WriteLine("|---|---|---|---|");
foreach (var node in names)
{
    var mine = samples.Where(s => s.Node == node).ToList();
    var (first, last) = (mine[0], mine[^1]);
    Console.WriteLine($"| {node} | {first.Sample.RssKiB / 1024.0:0.0} → {last.Sample.RssKiB / 1024.0:0.0} | {first.Descriptors} → {last.Descriptors} | {first.Sample.Threads} → {last.Sample.Threads} |");
}

return downs.Count == 0 && moves.Count == 0 ? 0 : 1;

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

double ArgDouble(string name, double fallback) => Option(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
