using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Understudy.Node.Api;

namespace Understudy.Bench.Failover;

/// <summary>Three real node processes on a fresh loopback block running the example kv role.</summary>
internal sealed class FailoverBenchCluster : IDisposable
{
    private readonly Dictionary<string, Process> _nodes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(1) };
    private readonly string _root = Directory.CreateTempSubdirectory("understudy-bench-failover-").FullName;
    private readonly string _block = $"127.{Random.Shared.Next(20, 220)}.{Random.Shared.Next(1, 250)}";
    private readonly string _file;

    public FailoverBenchCluster()
    {
        _file = Path.Combine(_root, "cluster.yaml");
        var yaml = new StringBuilder()
            .AppendLine("cluster:").AppendLine("  name: bench").AppendLine("  key: \"bench-cluster-key-0123456789\"")
            .AppendLine("nodes:");
        foreach (var (name, i) in Names.Select((n, i) => (n, i)))
        {
            yaml.AppendLine($"  - name: {name}").AppendLine($"    address: {_block}.{i + 1}");
        }

        // The role of examples/failover.yaml, with a failover limit that 20 kills do not reach.
        yaml.Append($"""
            roles:
              - name: kv
                failover: {"{"} maxFailovers: 1000, window: 1h {"}"}
                resources:
                  - name: ip
                    type: address
                    address: {_block}.100
                  - name: server
                    type: process
                    dependsOn: [ip]
                    command: understudy
                    args: [example, kv, --listen, "{_block}.100:8080", --data, "{Path.Combine(_root, "kv.json")}"]
                    stopTimeout: 2s
                  - name: http
                    type: probe
                    dependsOn: [server]
                    http: http://{_block}.100:8080/healthz
                    looksAlive: 500ms
                    isAlive: 2s

            """);
        File.WriteAllText(_file, yaml.ToString());
    }

    public static string[] Names { get; } = ["n1", "n2", "n3"];

    /// <summary>Directory of the <c>understudy</c> program the nodes run.</summary>
    public static string Binaries { get; set; } = AppContext.BaseDirectory;

    public string KvUrl => $"http://{_block}.100:8080";

    public void Start(string node)
    {
        var start = new ProcessStartInfo(Path.Combine(Binaries, "understudy"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
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

    /// <summary>kill -9 of the node process only (its guard then kills the workload when the lease ends).</summary>
    public void Kill(string node)
    {
        _nodes[node].Kill();
        _nodes[node].WaitForExit();
    }

    public async Task<StatusDocument?> StatusAsync(string node)
    {
        try
        {
            var index = Array.IndexOf(Names, node) + 1;
            return await _http.GetFromJsonAsync<StatusDocument>($"http://{_block}.{index}:7400/api/status", StatusJson.Options);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Which node's instance answers the role's HTTP probe, or null.</summary>
    public async Task<string?> AnsweringNodeAsync()
    {
        try
        {
            var text = await _http.GetStringAsync(KvUrl + "/healthz");
            return text.Split(' ').FirstOrDefault(p => p.StartsWith("node=", StringComparison.Ordinal))?[5..];
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

    /// <summary>Moves the role with the CLI, as an operator would (<c>understudy role move</c>).</summary>
    public async Task MoveAsync(string role, string node)
    {
        var start = new ProcessStartInfo(Path.Combine(Binaries, "understudy")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
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

    /// <summary>Keep the cluster directory (node logs) for a look after a failed run.</summary>
    public bool Keep { get; set; }

    public string Root => _root;

    private static void Append(string path, string? line)
    {
        if (line is not null)
        {
            lock (typeof(FailoverBenchCluster))
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
}
