using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Understudy.Node.Api;

namespace Understudy.Bench.Vms;

/// <summary>Three real node processes on a fresh loopback block running one role "web" with one
/// VM of the given driver (monitoring on).</summary>
internal sealed class RoleBenchCluster : IDisposable
{
    private readonly Dictionary<string, Process> _nodes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string _root = Directory.CreateTempSubdirectory("understudy-bench-vmroles-").FullName;
    private readonly string _block = $"127.{Random.Shared.Next(20, 220)}.{Random.Shared.Next(1, 250)}";
    private readonly string _file;

    public RoleBenchCluster(string driver)
    {
        VmName = "bench-" + driver;
        _file = Path.Combine(_root, "cluster.yaml");
        var yaml = new StringBuilder()
            .AppendLine("cluster:").AppendLine("  name: bench").AppendLine("  key: \"bench-cluster-key-0123456789\"")
            .AppendLine("nodes:");
        foreach (var (name, i) in Names.Select((n, i) => (n, i)))
        {
            yaml.AppendLine($"  - name: {name}").AppendLine($"    address: {_block}.{i + 1}");
        }

        yaml.Append($"""
            roles:
              - name: web
                failover: {"{"} maxFailovers: 1000, window: 1h {"}"}
                resources:
                  - name: {VmName}
                    type: vm
                    driver: {driver}
                    monitoring: on

            """);
        File.WriteAllText(_file, yaml.ToString());
    }

    public static string[] Names { get; } = ["n1", "n2", "n3"];

    public string VmName { get; }

    public string Root => _root;

    public bool Keep { get; set; }

    public void Start(string node)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "understudy")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "node", "run", "-f", _file, "--node", node, "--data-dir", Path.Combine(_root, node), "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var log = Path.Combine(_root, node + ".log");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _nodes[node] = process;
    }

    /// <summary>kill -9 of the node process only (its guard kills the VM when the lease ends).</summary>
    public void Kill(string node)
    {
        _nodes[node].Kill();
        _nodes[node].WaitForExit();
    }

    private string Url(string node) => $"http://{_block}.{Array.IndexOf(Names, node) + 1}:7400";

    public async Task<StatusDocument?> StatusAsync(string node)
    {
        try
        {
            return await _http.GetFromJsonAsync<StatusDocument>(Url(node) + "/api/status", StatusJson.Options);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The bench VM as <paramref name="node"/> runs it now, or null.</summary>
    public async Task<VmSeen?> VmAsync(string node)
    {
        try
        {
            var vms = await _http.GetFromJsonAsync<VmSeen[]>(Url(node) + "/api/vms", StatusJson.Options);
            return vms?.FirstOrDefault(v => v.Name == VmName);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public async Task<StatusDocument> WaitAsync(string node, Func<StatusDocument, bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await StatusAsync(node) is { } status && condition(status))
            {
                return status;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{node} did not reach the expected state within {limit}");
    }

    /// <summary><c>understudy role move</c>, as an operator would.</summary>
    public async Task MoveAsync(string role, string node)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "understudy")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "role", "move", role, "--to", node, "-f", _file })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"role move failed: {output}");
        }
    }

    /// <summary>Lines of <paramref name="node"/>'s log that contain <paramref name="text"/>.</summary>
    public IEnumerable<string> LogLines(string node, string text)
    {
        var path = Path.Combine(_root, node + ".log");
        lock (typeof(RoleBenchCluster))
        {
            return File.Exists(path) ? [.. File.ReadAllLines(path).Where(l => l.Contains(text, StringComparison.Ordinal))] : [];
        }
    }

    private static void Append(string path, string? line)
    {
        if (line is not null)
        {
            lock (typeof(RoleBenchCluster))
            {
                File.AppendAllText(path, line + "\n");
            }
        }
    }

    public void Dispose()
    {
        foreach (var process in _nodes.Values.Where(p => !p.HasExited))
        {
            process.Kill(entireProcessTree: true);
        }

        _http.Dispose();
        if (!Keep)
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    internal sealed record VmSeen(string Name, string Driver, string State, string Verdict, long? Incarnation, double? SinceHeartbeatMs, MigrationSeen? Migration);

    internal sealed record MigrationSeen(string From, long Token, double DowntimeMs, double TotalMs, double? HandoverGapMs, double? LongestGapMs);
}
