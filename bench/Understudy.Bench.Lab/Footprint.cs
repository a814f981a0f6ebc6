using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Understudy.Node.Api;

namespace Understudy.Bench.Lab;

/// <summary>
/// <c>footprint</c>: what a quorum witness costs beside a full node. Three processes on a fresh
/// loopback block — two full nodes (no roles: the cheapest a node gets) and a witness
/// (<c>understudy witness run</c>) — formed into one cluster; then, over
/// the window, each one's resident memory (VmRSS, VmHWM) and CPU time
/// (utime + stime from /proc/PID/stat). The full node compared is the follower, so neither side
/// pays for leading.
/// </summary>
internal static class Footprint
{
    public static async Task<int> RunAsync(string binaries, TimeSpan window)
    {
        var root = Directory.CreateTempSubdirectory("understudy-bench-footprint-").FullName;
        var block = $"127.{Random.Shared.Next(20, 220).ToString(CultureInfo.InvariantCulture)}.{Random.Shared.Next(1, 250).ToString(CultureInfo.InvariantCulture)}";
        var file = Path.Combine(root, "cluster.yaml");
        await File.WriteAllTextAsync(file, $"cluster:\n  name: footprint\n  key: \"bench-footprint-key-0123456789\"\nnodes:\n  - name: alpha\n    address: {block}.1\n  - name: bravo\n    address: {block}.2\n  - name: witness\n    address: {block}.3\n    witness: true\n");
        var processes = new Dictionary<string, Process>();
        try
        {
            foreach (var (name, verb) in new[] { ("alpha", "node"), ("bravo", "node"), ("witness", "witness") })
            {
                var start = new ProcessStartInfo(Path.Combine(binaries, "understudy")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var argument in new[] { verb, "run", "-f", file, "--node", name, "--data-dir", Path.Combine(root, name), "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
                {
                    start.ArgumentList.Add(argument);
                }

                var process = Process.Start(start)!;
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                processes[name] = process;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var clock = Stopwatch.StartNew();
            StatusDocument? formed = null;
            while (formed is null && clock.Elapsed < TimeSpan.FromSeconds(120))
            {
                try
                {
                    var status = await http.GetFromJsonAsync<StatusDocument>($"http://{block}.1:7400/api/status", StatusJson.Options);
                    formed = status is { Leader: not null } && status.Nodes.All(n => n.State == "Up") ? status : null;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }

                await Task.Delay(200);
            }

            if (formed is null)
            {
                Console.WriteLine($"the cluster did not form within 120 s; files in {root}");
                return 1;
            }

            var follower = formed.Leader == "alpha" ? "bravo" : "alpha";
            Console.WriteLine($"# formed after {clock.Elapsed.TotalSeconds:0.0} s; leader {formed.Leader}; measuring {window.TotalSeconds:0} s");
            var before = processes.ToDictionary(p => p.Key, p => CpuTicks(p.Value.Id));
            var wall = Stopwatch.StartNew();
            await Task.Delay(window);
            var seconds = wall.Elapsed.TotalSeconds;
            foreach (var name in new[] { follower, "witness", formed.Leader! })
            {
                var pid = processes[name].Id;
                var cpu = (CpuTicks(pid) - before[name]) / 100.0 / seconds * 100; // USER_HZ is 100 on Linux
                var what = name == "witness" ? "witness (witness run)" : name == follower ? $"full node, follower ({name})" : $"full node, leader ({name})";
                Console.WriteLine($"{what,-28} RSS {Kb(pid, "VmRSS") / 1024.0,6:0.0} MiB  peak {Kb(pid, "VmHWM") / 1024.0,6:0.0} MiB  threads {Kb(pid, "Threads"),3:0}  CPU {cpu,5:0.0} % of one core");
            }

            return 0;
        }
        finally
        {
            foreach (var process in processes.Values)
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                process.Dispose();
            }

            Directory.Delete(root, recursive: true);
        }
    }

    private static long CpuTicks(int pid)
    {
        // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static long Kb(int pid, string field) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).Single();
}
