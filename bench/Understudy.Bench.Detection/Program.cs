using System.Diagnostics;
using System.Globalization;
using Understudy.Bench.Common;

// bench/detection: kill -9 one of three nodes N times and time until both survivors report it
// Down; then saturate both cores for a while and count false Down verdicts; then read idle RSS.
var kills = ArgInt("--kills", 20);
var hogSeconds = ArgInt("--hog-seconds", 60);
var detector = ArgString("--detector", "threshold");
var interval = ArgString("--interval", "250ms"); // heartbeat interval (the window is 4 of them)
var command = "dotnet run -c Release --project bench/Understudy.Bench.Detection -- " + string.Join(' ', args);
Console.WriteLine($"# {command}");
Console.WriteLine($"# {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, detector {detector}, interval {interval}");

string[] names = ["n1", "n2", "n3"];
using var cluster = new BenchNodes("understudy-bench-", names, before: $"heartbeat:\n  detector: {detector}\n  interval: {interval}\n");
foreach (var node in names)
{
    cluster.Start(node);
}

var limit = TimeSpan.FromSeconds(60);
var poll = TimeSpan.FromMilliseconds(10); // status polling: the resolution of the detection times
await cluster.WaitAsync("n1", s => s.Leader is not null && s.Nodes.All(n => n.State == "Up"), limit, poll);

var samples = new List<(double Ms, bool WasLeader)>();
for (var i = 0; i < kills; i++)
{
    var victim = names[i % 3];
    var survivors = names.Where(n => n != victim).ToArray();
    foreach (var s in survivors)
    {
        await cluster.WaitAsync(s, st => st.Leader is not null && st.Nodes.All(n => n.State == "Up"), limit, poll);
    }

    var wasLeader = (await cluster.StatusAsync(survivors[0]))?.Leader == victim;
    var clock = Stopwatch.StartNew();
    cluster.Kill(victim);
    await Task.WhenAll(survivors.Select(s => cluster.WaitAsync(s, st => BenchNodes.StateOf(st, victim) == "Down", limit, poll)));
    var ms = clock.Elapsed.TotalMilliseconds;
    samples.Add((ms, wasLeader));
    Console.WriteLine($"kill {i + 1,2}: {victim}{(wasLeader ? " (leader)" : "")} reported Down by both survivors after {ms:0} ms");
    cluster.Start(victim);
    await cluster.WaitAsync(survivors[0], st => BenchNodes.StateOf(st, victim) == "Up", limit, poll);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

var all = samples.Select(s => s.Ms).ToArray();
var followers = samples.Where(s => !s.WasLeader).Select(s => s.Ms).ToArray();
var leaders = samples.Where(s => s.WasLeader).Select(s => s.Ms).ToArray();

// Idle RSS after the kill loop settles.
await Task.Delay(TimeSpan.FromSeconds(5));
var rss = names.Select(n => RssKiB(cluster.Pid(n))).ToArray();

// CPU hog: one busy thread per core for the whole window, while we count Down observations.
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(hogSeconds));
var hogs = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(() =>
{
    var x = 0UL;
    while (!stop.IsCancellationRequested)
    {
        x = x * 6364136223846793005UL + 1;
    }
}) { IsBackground = true, Priority = ThreadPriority.Normal }).ToArray();
foreach (var hog in hogs)
{
    hog.Start();
}

var falseDowns = 0;
var polls = 0;
var maxGap = 0L;
var wasDown = new HashSet<string>();
while (!stop.IsCancellationRequested)
{
    foreach (var observer in names)
    {
        if (await cluster.StatusAsync(observer) is not { } status)
        {
            continue;
        }

        polls++;
        foreach (var node in status.Nodes)
        {
            maxGap = Math.Max(maxGap, node.LastHeartbeatMs ?? 0);
            var key = observer + ">" + node.Name;
            if (node.State == "Down" && wasDown.Add(key))
            {
                falseDowns++;
                Console.WriteLine($"false Down: {observer} reports {node.Name} Down ({node.Reason})");
            }
            else if (node.State != "Down")
            {
                wasDown.Remove(key);
            }
        }
    }

    await Task.Delay(100);
}

foreach (var hog in hogs)
{
    hog.Join();
}

Console.WriteLine();
Console.WriteLine($"detection ({detector}), {all.Length} kills: median {Median(all):0} ms, max {all.Max():0} ms");
Console.WriteLine($"  follower killed ({followers.Length}): median {Median(followers):0} ms, max {(followers.Length > 0 ? followers.Max() : double.NaN):0} ms");
Console.WriteLine($"  leader killed ({leaders.Length}): median {Median(leaders):0} ms, max {(leaders.Length > 0 ? leaders.Max() : double.NaN):0} ms");
Console.WriteLine($"cpu hog {hogSeconds} s on {hogs.Length} threads: {falseDowns} false Down observations over {polls} status reads; longest heartbeat gap seen {maxGap} ms");
Console.WriteLine($"idle RSS per node: {string.Join(", ", rss.Select(r => $"{r / 1024.0:0.0} MiB"))}");
return 0;

int ArgInt(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

string ArgString(string name, string fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;

static long RssKiB(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
