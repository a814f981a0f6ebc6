using System.Diagnostics;
using System.Globalization;
using Understudy.Bench.Common;
using Understudy.Cli.Lab;

namespace Understudy.Bench.Lab;

/// <summary>
/// <c>bench/lab nlb</c> (root): wrk from the lab's client namespace against the cluster address,
/// in distributed mode and in director mode (a fresh lab each), and against HAProxy (one thread)
/// run in alpha's host namespace in front of the same three members' echo services — HAProxy is
/// measured inside each lab, its rounds interleaved with the mode's, so each ratio compares two
/// targets measured side by side. Medians of rounds, as bench/nlb.
/// </summary>
internal static class NlbOnLab
{
    private const int Http = 8080, Tcp = 8081, HaproxyHash = 8082, Echo = 9080;

    public static async Task<int> RunAsync(string binaries, int rounds, int seconds, int[] connectionCounts, int threads)
    {
        var missing = new[] { "wrk", "haproxy" }.Where(t => !BenchTools.OnPath(t)).ToArray();
        if (missing.Length > 0)
        {
            Console.Error.WriteLine($"missing: {string.Join(", ", missing)}; install with: sudo apt-get update && sudo apt-get install -y wrk haproxy");
            return 2;
        }

        var runs = new List<(string Lab, string Mode, int Connections, string Name, int Round, WrkResult Result)>();
        foreach (var lanMode in new[] { "distributed", "director" })
        {
            await using var lab = await LabRig.StartAsync(binaries, TimeSpan.FromSeconds(90), (name, lan) => Yaml(name, lan, lanMode));
            Console.WriteLine($"# {lanMode} lab {lab.Name}: LAN {lab.Lan}.0/24, cluster address {lab.Lan}.100, HAProxy at {lab.Lan}.200 in alpha's namespace, files in {lab.Root}");
            await lab.WaitAsync(
                s => s.Nlb is { } nlb && nlb.Members.All(m => m.Eligible) && (lanMode != "director" || s.Roles.Any(r => r is { Name: "nlb-director", State: "Online" })),
                "every NLB member eligible", TimeSpan.FromMinutes(5));
            using var haproxy = await StartHaproxyAsync(lab);
            using var stopHaproxy = new Stopper(haproxy);
            var client = lab.State.Client.Namespace;
            (string Mode, string Name, string Url)[] targets =
            [
                ("http", $"Understudy {lanMode}", $"http://{lab.Lan}.100:{Http}/"),
                ("http", "HAProxy (1 thread)", $"http://{lab.Lan}.200:{Http}/"),
                ("tcp", $"Understudy {lanMode}", $"http://{lab.Lan}.100:{Tcp}/"),
                ("tcp", "HAProxy mode tcp (1 thread)", $"http://{lab.Lan}.200:{Tcp}/"),
            ];
            foreach (var (_, _, url) in targets)
            {
                await WaitAnsweredAsync(url, client);
                await Wrk.RunAsync(url, 10, threads, 2, netns: client); // warm-up, not reported
            }

            foreach (var connections in connectionCounts)
            {
                for (var round = 0; round < rounds; round++)
                {
                    for (var k = 0; k < targets.Length; k++)
                    {
                        var (mode, name, url) = targets[(k + round) % targets.Length];
                        var result = await Wrk.RunAsync(url, connections, threads, seconds, netns: client);
                        runs.Add((lanMode, mode, connections, name, round, result));
                        Console.WriteLine($"# {lanMode} lab, round {round + 1}: {result.Command}: {result.RequestsPerSecond:0} req/s, p50 {result.P50Ms:0.00} ms, p99 {result.P99Ms:0.00} ms, {result.Failed} failed");
                    }
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"| Lab | Mode | Conns | Target | req/s (median of {rounds}) | p50 ms | p99 ms (median) | failed | req/s ÷ HAProxy | p99 ÷ HAProxy |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var group in runs.GroupBy(r => (r.Lab, r.Mode, r.Connections, r.Name)))
        {
            var mine = group.ToArray();
            var haproxy = runs.Where(x => x.Lab == group.Key.Lab && x.Mode == group.Key.Mode && x.Connections == group.Key.Connections && x.Name.StartsWith("HAProxy", StringComparison.Ordinal)).ToArray();
            var rps = BenchTools.Median(mine.Select(r => r.Result.RequestsPerSecond));
            var p99 = BenchTools.Median(mine.Select(r => r.Result.P99Ms));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key.Lab} | {group.Key.Mode} | {group.Key.Connections} | {group.Key.Name} | {rps:0} | {BenchTools.Median(mine.Select(r => r.Result.P50Ms)):0.00} | {p99:0.00} | {mine.Sum(r => r.Result.Failed)} | {rps / BenchTools.Median(haproxy.Select(r => r.Result.RequestsPerSecond)):0.00} | {p99 / BenchTools.Median(haproxy.Select(r => r.Result.P99Ms)):0.00} |"));
        }

        return 0;
    }

    // HAProxy in alpha's host namespace on an address of its own there, in front of the three
    // members' echo services: the bench/nlb configuration, so the peers are configured alike.
    private static async Task<Process> StartHaproxyAsync(LabRig lab)
    {
        var alpha = lab.State.Plan.Find("alpha")!.Namespace;
        await LabTool.IpAsync("-n", alpha, "addr", "add", $"{lab.Lan}.200/24", "dev", "eth0");
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "nlb", "haproxy.cfg"))
            .Replace("{{HTTP_FRONT}}", $"{lab.Lan}.200:{Http}", StringComparison.Ordinal)
            .Replace("{{TCP_FRONT}}", $"{lab.Lan}.200:{Tcp}", StringComparison.Ordinal)
            .Replace("{{HTTP_HASH_FRONT}}", $"{lab.Lan}.200:{HaproxyHash}", StringComparison.Ordinal);
        for (var i = 0; i < LabRig.Names.Length; i++)
        {
            text = text.Replace($"{{{{B{i + 1}}}}}", $"{lab.Lan}.{i + 1}:{Echo}", StringComparison.Ordinal);
        }

        var config = Path.Combine(lab.Root, "haproxy.cfg");
        await File.WriteAllTextAsync(config, text);
        var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "netns", "exec", alpha, "haproxy", "-db", "-f", config })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitAnsweredAsync(string url, string netns)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            using var curl = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", netns, "curl", "-s", "-f", "-m", "2", "-o", "/dev/null", url]) { UseShellExecute = false })!;
            await curl.WaitForExitAsync();
            if (curl.ExitCode == 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{url} did not answer within 90 s from {netns}");
    }

    /// <summary>Kills HAProxy when the lab's rounds end (the lab would, but not before its own end).</summary>
    private sealed class Stopper(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }


    // The echo clone role and two rules (HTTP and TCP, affinity none, equal weights) over the
    // three hosts, in the given mode.
    private static string Yaml(string name, string lan, string mode) => $"""
        cluster:
          name: {name}
          key: "bench-lab-cluster-key-0123456789"
        nodes:
          - name: alpha
            address: {lan}.1
          - name: bravo
            address: {lan}.2
          - name: charlie
            address: {lan}.3
        roles:
          - name: web
            clone: true
            resources:
              - name: echo
                type: process
                command: understudy
                args: [example, echo, --listen, "${"{"}nodeAddress{"}"}:{Echo}"]
              - name: health
                type: probe
                dependsOn: [echo]
                http: "http://${"{"}nodeAddress{"}"}:{Echo}/"
        nlb:
          address: {lan}.100
          mode: {mode}
          rules:
            - name: web
              ports: {Http}
              protocol: http
              affinity: none
              targetPort: {Echo}
              role: web
            - name: raw
              ports: {Tcp}
              protocol: tcp
              affinity: none
              targetPort: {Echo}
              role: web

        """;
}
