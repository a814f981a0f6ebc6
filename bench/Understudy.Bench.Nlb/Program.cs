using System.Globalization;
using Understudy.Bench.Common;
using Understudy.Bench.Nlb;

// bench/nlb: wrk against one echo backend directly, through Understudy's NLB, HAProxy and
// nginx (HTTP keep-alive, small responses), and TCP mode against HAProxy's mode tcp; then
// kill -9 one member under load and count the requests that failed.
var seconds = ArgInt("--seconds", 10);
var threads = ArgInt("--threads", 2);
var connectionCounts = ArgString("--connections", "10,50").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
var skipKill = args.Contains("--skip-kill");
var only = ArgString("--only", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
var nodeEnv = ArgString("--node-env", "");
var rounds = ArgInt("--rounds", 3);
var thinkMs = ArgInt("--think-ms", 0);
var command = "dotnet run -c Release --project bench/Understudy.Bench.Nlb -- " + string.Join(' ', args);

var missing = new[] { "wrk", "haproxy", "nginx" }.Where(t => !BenchTools.OnPath(t)).ToArray();
if (missing.Length > 0)
{
    Console.Error.WriteLine($"missing: {string.Join(", ", missing)}; install with: sudo apt-get update && sudo apt-get install -y wrk haproxy nginx");
    return 2;
}

Console.WriteLine($"# {command}");
Console.WriteLine($"# {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");

using var rig = new NlbRig(nodeEnv);
var limit = TimeSpan.FromSeconds(60);
foreach (var node in NlbRig.Names)
{
    rig.StartBackend(node);
    rig.StartNode(node);
}

rig.StartHaproxy();
rig.StartNginx();
await rig.WaitStatusAsync("n1", s => s.Nlb is { } nlb && nlb.Members.All(m => m.Eligible), "every NLB member eligible", limit);
foreach (var (address, port) in new[]
{
    (rig.Address("n1"), NlbRig.BackendPort), (rig.ClusterAddress, NlbRig.HttpPort), (rig.ClusterAddress, NlbRig.TcpPort),
    (rig.Address("n1"), NlbRig.HttpPort), (rig.Address("n1"), NlbRig.TcpPort), (rig.Address("n1"), NlbRig.StickyPort),
    (rig.HaproxyAddress, NlbRig.HttpPort), (rig.HaproxyAddress, NlbRig.TcpPort), (rig.NginxAddress, NlbRig.HttpPort),
    (rig.HaproxyAddress, NlbRig.HashPort),
})
{
    await rig.WaitHttpAsync(address, port, limit);
}

(string Mode, string Name, string Url)[] targets =
[
    ("http", "direct (one backend)", $"http://{rig.Backend("n1")}/"),
    ("http", "Understudy, cluster address (3 nodes)", $"http://{rig.ClusterAddress}:{NlbRig.HttpPort}/"),
    ("http", "Understudy, one node's address", $"http://{rig.Address("n1")}:{NlbRig.HttpPort}/"),
    ("http", "HAProxy (1 thread)", $"http://{rig.HaproxyAddress}:{NlbRig.HttpPort}/"),
    ("http", "nginx (1 worker)", $"http://{rig.NginxAddress}:{NlbRig.HttpPort}/"),
    ("http", "per-connection hash: HAProxy `balance hash src_port` (1 thread)", $"http://{rig.HaproxyAddress}:{NlbRig.HashPort}/"),
    ("tcp", "Understudy, cluster address (3 nodes)", $"http://{rig.ClusterAddress}:{NlbRig.TcpPort}/"),
    ("tcp", "Understudy, one node's address", $"http://{rig.Address("n1")}:{NlbRig.TcpPort}/"),
    ("tcp", "HAProxy mode tcp (1 thread)", $"http://{rig.HaproxyAddress}:{NlbRig.TcpPort}/"),
];
targets = [.. targets.Where(t => only.Length == 0 || only.Any(o => t.Name.Contains(o, StringComparison.OrdinalIgnoreCase)))];

// Warm-up (JIT, connection pools), not reported.
foreach (var (_, _, url) in targets)
{
    await Wrk.RunAsync(url, 10, threads, 2, thinkMs);
}

// Each case runs --rounds times, the targets in a rotated order each round, so that a slow
// moment of the shared machine does not fall on one target only; the table gives medians.
var runs = new List<(string Mode, int Connections, string Name, int Round, WrkResult Result)>();
foreach (var connections in connectionCounts)
{
    for (var round = 0; round < rounds; round++)
    {
        for (var k = 0; k < targets.Length; k++)
        {
            var (mode, name, url) = targets[(k + round) % targets.Length];
            var result = await Wrk.RunAsync(url, connections, threads, seconds, thinkMs);
            runs.Add((mode, connections, name, round, result));
            Console.WriteLine($"# round {round + 1}: {result.Command}: {result.RequestsPerSecond:0} req/s, p50 {result.P50Ms:0.00} ms, p99 {result.P99Ms:0.00} ms, {result.Failed} failed");
        }
    }
}

Console.WriteLine();
Console.WriteLine(rounds == 1
    ? "| Mode | Conns | Target | req/s | p50 ms | p99 ms | failed | req/s ÷ HAProxy | p99 ÷ HAProxy |"
    : $"| Mode | Conns | Target | req/s (median of {rounds}) | p50 ms | p99 ms (median) | p99 ms (min–max) | failed | req/s ÷ HAProxy | p99 ÷ HAProxy | p99 ÷ HAProxy, each round |");
Console.WriteLine(rounds == 1 ? "|---|---|---|---|---|---|---|---|---|" : "|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var group in runs.GroupBy(r => (r.Mode, r.Connections, r.Name)))
{
    var (mode, connections, name) = group.Key;
    var mine = group.OrderBy(r => r.Round).ToArray();
    var haproxy = runs.Where(x => x.Mode == mode && x.Connections == connections && x.Name.StartsWith("HAProxy", StringComparison.Ordinal)).OrderBy(r => r.Round).ToArray();
    var reference = haproxy.Length > 0 ? haproxy : mine;
    var rps = BenchTools.Median(mine.Select(r => r.Result.RequestsPerSecond));
    var p50 = BenchTools.Median(mine.Select(r => r.Result.P50Ms));
    var p99 = BenchTools.Median(mine.Select(r => r.Result.P99Ms));
    var rpsRatio = rps / BenchTools.Median(reference.Select(r => r.Result.RequestsPerSecond));
    var p99Ratio = p99 / BenchTools.Median(reference.Select(r => r.Result.P99Ms));
    var failed = mine.Sum(r => r.Result.Failed);
    if (rounds == 1)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {mode} | {connections} | {name} | {rps:0} | {p50:0.00} | {p99:0.00} | {failed} | {rpsRatio:0.00} | {p99Ratio:0.00} |"));
        continue;
    }

    var perRound = string.Join(", ", mine.Zip(reference, (m, h) => (m.Result.P99Ms / h.Result.P99Ms).ToString("0.00", CultureInfo.InvariantCulture)));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {mode} | {connections} | {name} | {rps:0} | {p50:0.00} | {p99:0.00} | {mine.Min(r => r.Result.P99Ms):0.00}–{mine.Max(r => r.Result.P99Ms):0.00} | {failed} | {rpsRatio:0.00} | {p99Ratio:0.00} | {perRound} |"));
}

if (!skipKill)
{
    Console.WriteLine();
    var kill = await KillUnderLoad.RunAsync(rig, clients: 100, workers: ArgInt("--kill-workers", 16), victim: "n3", entry: "n1", address: rig.Address("n1"));
    Console.WriteLine($"kill -9 n3 (node and its backend) under load through n1's address, {kill.Clients} clients ({kill.VictimClients} on n3), one request per connection:");
    PrintKill(kill);

    // Again through the cluster address, which every node listens on: the kernel hands some new
    // connections to n3's listener, and those it holds when it dies are lost unless the kernel
    // moves its accept queue to a surviving listener (net.ipv4.tcp_migrate_req).
    rig.StartBackend("n3");
    rig.StartNode("n3");
    await rig.WaitStatusAsync("n1", s => s.Nlb is { } nlb && nlb.Members.All(m => m.Eligible), "n3 back and eligible", limit);
    await rig.WaitHttpAsync(rig.Address("n3"), NlbRig.StickyPort, limit);
    Console.WriteLine();
    var migrate = File.Exists("/proc/sys/net/ipv4/tcp_migrate_req") ? File.ReadAllText("/proc/sys/net/ipv4/tcp_migrate_req").Trim() : "absent";
    var shared = await KillUnderLoad.RunAsync(rig, clients: 100, workers: ArgInt("--kill-workers", 16), victim: "n3", entry: "n1", address: rig.ClusterAddress);
    Console.WriteLine($"kill -9 n3 again, now through the cluster address (net.ipv4.tcp_migrate_req = {migrate}), {shared.Clients} clients ({shared.VictimClients} on n3):");
    PrintKill(shared);
}

return 0;

static void PrintKill(KillResult kill)
{
    Console.WriteLine($"  survivors' clients: {kill.SurvivorFailed} failed of {kill.SurvivorRequests} requests");
    Console.WriteLine($"  n3's clients: {kill.VictimFailed} failed of {kill.VictimRequests} requests (a failed connect is retried on the bucket's next owner)");
    Console.WriteLine($"  n1 reported n3 Down {kill.DownAfter.TotalMilliseconds:0} ms after the kill; load ran 2 s before and 3 s after that");
}

int ArgInt(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

string ArgString(string name, string fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
