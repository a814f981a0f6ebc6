using System.Diagnostics;
using System.Globalization;
using System.Text;
using Understudy.Bench.Common;

// bench/scale: real nodes on one machine, N = 3, 8, 16, 32, 64 (WSFC's limit). For each size, on
// a fresh cluster of real `understudy node run` processes on a loopback block, no roles:
//   * formation: seconds from starting the first process until one node reports a leader and
//     every node Up;
//   * idle cost: per-node CPU (utime + stime from /proc over the window, mean and max) and
//     heartbeats sent per node per second (the nodes' own counters, /api/status);
//   * detection: kill -9 of non-leader nodes one after another (not restarted), time until the
//     leader's status shows each Down.
// Options: --sizes 3,8,16,32,64  --seconds N (20: the idle window)  --warmup N (10)
//          --kills N (3; 1 at N = 3)  --understudy DIR (the nodes' program)  --svg PATH (a plot)
//          --before YAML (between cluster: and nodes:, e.g. "heartbeat:\n  observers: 4\n").
var sizes = (Option("--sizes") ?? "3,8,16,32,64").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var seconds = ArgInt("--seconds", 20);
var warmup = ArgInt("--warmup", 10);
var kills = ArgInt("--kills", 3);
var binaries = Path.GetFullPath(Option("--understudy") ?? AppContext.BaseDirectory);
var before = (Option("--before") ?? "").Replace("\\n", "\n", StringComparison.Ordinal);
var svg = Option("--svg");

Console.WriteLine($"# dotnet run -c Release --project bench/Understudy.Bench.Scale -- {string.Join(' ', args)}");
Console.WriteLine($"# {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, nodes from {binaries}");
Console.WriteLine($"# load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");

var results = new List<Result>();
foreach (var size in sizes)
{
    try
    {
        results.Add(await RunAsync(size));
    }
    catch (TimeoutException e)
    {
        Console.WriteLine($"N = {size}: {e.Message}");
        results.Add(new Result(size, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, [], double.NaN));
    }
}

Console.WriteLine();
Console.WriteLine("| Nodes | All Up with a leader | Node CPU % of a core (mean, max) | RSS MiB (mean) | Heartbeats sent per node per s | Kill → Down at the leader (ms) |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var r in results)
{
    Console.WriteLine($"| {r.Nodes} | {r.FormationSeconds:0.0} s | {r.CpuMean:0.00}, {r.CpuMax:0.00} | {r.RssMiB:0} | {r.BeatsPerNodePerSecond:0.0} | {(r.DetectionMs.Count == 0 ? "—" : string.Join(", ", r.DetectionMs.Select(d => d.ToString("0", CultureInfo.InvariantCulture))))} |");
}

if (svg is not null)
{
    File.WriteAllText(svg, Plot(results));
    Console.WriteLine($"# plot: {svg}");
}

return 0;

async Task<Result> RunAsync(int size)
{
    var names = Enumerable.Range(1, size).Select(i => $"n{i:00}").ToArray();
    using var cluster = new BenchNodes("understudy-bench-scale-", names, before: before, binaries: binaries);
    var clock = Stopwatch.StartNew();
    foreach (var node in names)
    {
        cluster.Start(node);
    }

    var limit = TimeSpan.FromSeconds(60 + (3 * size));
    var formed = await cluster.WaitAsync(names[0], s => s.Leader is not null && s.Nodes.All(n => n.State == "Up"), limit, TimeSpan.FromMilliseconds(100));
    var formation = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"N = {size}: all Up with leader {formed.Leader} after {formation:0.0} s");

    await Task.Delay(TimeSpan.FromSeconds(warmup));
    var pids = names.Select(cluster.Pid).ToArray();
    var sentBefore = await SentAsync(cluster, names);
    var cpuBefore = pids.Select(p => ProcSample.Read(p)!).ToArray();
    var window = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    var elapsed = window.Elapsed.TotalSeconds;
    var cpuAfter = pids.Select(p => ProcSample.Read(p)!).ToArray();
    var sentAfter = await SentAsync(cluster, names);
    var cpu = cpuBefore.Zip(cpuAfter, (b, a) => 100.0 * (a.CpuTicks - b.CpuTicks) / ProcSample.TicksPerSecond / elapsed).ToArray();
    // The counters are read one node after another, so each node's window is its own; the
    // difference over the measured window is close enough (the reads take milliseconds).
    var beats = sentAfter.Zip(sentBefore, (a, b) => (a - b) / elapsed).Average();
    var rss = cpuAfter.Average(a => a.RssKiB) / 1024.0;
    Console.WriteLine($"N = {size}: cpu mean {cpu.Average():0.00} %, max {cpu.Max():0.00} % of a core over {elapsed:0.0} s; rss mean {rss:0} MiB; heartbeats sent {beats:0.0} per node per s");

    var detection = new List<double>();
    var alive = names.ToList();
    for (var k = 0; k < (size == 3 ? 1 : kills) && alive.Count > 2; k++)
    {
        var status = await cluster.WaitAsync(alive[0], s => s.Leader is not null, limit, TimeSpan.FromMilliseconds(50));
        var leader = status.Leader!;
        var victim = alive.Last(n => n != leader);
        var kill = Stopwatch.StartNew();
        cluster.Kill(victim);
        alive.Remove(victim);
        await cluster.WaitAsync(leader, s => BenchNodes.StateOf(s, victim) == "Down", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10));
        detection.Add(kill.Elapsed.TotalMilliseconds);
        Console.WriteLine($"N = {size}: kill -9 of {victim}: Down at the leader {leader} after {detection[^1]:0} ms");
    }

    return new Result(size, formation, cpu.Average(), cpu.Max(), rss, beats, detection, detection.Count == 0 ? double.NaN : detection.Order().ElementAt(detection.Count / 2));
}

static async Task<long[]> SentAsync(BenchNodes cluster, string[] names) =>
    await Task.WhenAll(names.Select(async n => (await cluster.StatusAsync(n))?.Heartbeats.Sent ?? throw new TimeoutException($"{n} did not answer /api/status")));

// Two panels side by side: per-node CPU and heartbeats per node per second against N.
static string Plot(IReadOnlyList<Result> results)
{
    var ok = results.Where(r => !double.IsNaN(r.CpuMean)).ToList();
    var svg = new StringBuilder();
    svg.AppendLine("""<svg xmlns="http://www.w3.org/2000/svg" width="820" height="320" font-family="sans-serif" font-size="12">""");
    svg.AppendLine("""<rect width="820" height="320" fill="white"/>""");
    Panel(svg, 0, "CPU per idle node, % of a core (mean)", ok.Select(r => (r.Nodes, r.CpuMean)).ToList(), "#1f77b4");
    Panel(svg, 410, "Heartbeats sent per node per second", ok.Select(r => (r.Nodes, r.BeatsPerNodePerSecond)).ToList(), "#d62728");
    svg.AppendLine("</svg>");
    return svg.ToString();
}

static void Panel(StringBuilder svg, int left, string title, List<(int X, double Y)> points, string colour)
{
    const int width = 340, height = 220, top = 50;
    var x0 = left + 50;
    var maxX = Math.Max(points.Count == 0 ? 1 : points.Max(p => p.X), 1);
    var maxY = Math.Max(points.Count == 0 ? 1 : points.Max(p => p.Y), 1e-9) * 1.1;
    string X(int x) => (x0 + (width * x / (double)maxX)).ToString("0.0", CultureInfo.InvariantCulture);
    string Y(double y) => (top + height - (height * y / maxY)).ToString("0.0", CultureInfo.InvariantCulture);
    svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{x0}" y="30" font-weight="bold">{title}</text>""");
    svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{x0}" y1="{top + height}" x2="{x0 + width}" y2="{top + height}" stroke="black"/>""");
    svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{x0}" y1="{top}" x2="{x0}" y2="{top + height}" stroke="black"/>""");
    svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{x0 + width / 2}" y="{top + height + 35}" text-anchor="middle">nodes</text>""");
    for (var i = 0; i <= 4; i++)
    {
        var y = maxY * i / 4;
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{x0 - 5}" y="{Y(y)}" text-anchor="end" dominant-baseline="middle">{y:0.#}</text>""");
    }

    foreach (var (x, y) in points)
    {
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{X(x)}" y="{top + height + 16}" text-anchor="middle">{x}</text>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<circle cx="{X(x)}" cy="{Y(y)}" r="3.5" fill="{colour}"/>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{X(x)}" y="{double.Parse(Y(y), CultureInfo.InvariantCulture) - 8:0.0}" text-anchor="middle" fill="{colour}">{y:0.#}</text>""");
    }

    svg.AppendLine(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{colour}" stroke-width="2" points="{string.Join(' ', points.Select(p => $"{X(p.X)},{Y(p.Y)}"))}"/>""");
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

int ArgInt(string name, int fallback) => Option(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

internal sealed record Result(int Nodes, double FormationSeconds, double CpuMean, double CpuMax, double RssMiB, double BeatsPerNodePerSecond, IReadOnlyList<double> DetectionMs, double DetectionMedianMs);
