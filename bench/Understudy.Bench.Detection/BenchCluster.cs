using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Understudy.Node.Api;

namespace Understudy.Bench.Detection;

/// <summary>Three real node processes on a fresh loopback block, as the tests run them.</summary>
internal sealed class BenchCluster : IDisposable
{
    private readonly Dictionary<string, Process> _nodes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string _root = Directory.CreateTempSubdirectory("understudy-bench-").FullName;
    private readonly string _block = $"127.{Random.Shared.Next(20, 220)}.{Random.Shared.Next(1, 250)}";
    private readonly string _file;

    public BenchCluster(string detector)
    {
        _file = Path.Combine(_root, "cluster.yaml");
        var yaml = new StringBuilder()
            .AppendLine("cluster:").AppendLine("  name: bench").AppendLine("  key: \"bench-cluster-key-0123456789\"")
            .AppendLine("heartbeat:").AppendLine($"  detector: {detector}")
            .AppendLine("nodes:");
        foreach (var (name, i) in Names.Select((n, i) => (n, i)))
        {
            yaml.AppendLine($"  - name: {name}").AppendLine($"    address: {_block}.{i + 1}");
        }

        File.WriteAllText(_file, yaml.ToString());
    }

    public static string[] Names { get; } = ["n1", "n2", "n3"];

    public int Pid(string node) => _nodes[node].Id;

    public void Start(string node)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "understudy"))
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
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _nodes[node] = process;
    }

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

    public async Task<StatusDocument> WaitAsync(string node, Func<StatusDocument, bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await StatusAsync(node) is { } status && condition(status))
            {
                return status;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{node} did not reach the expected state within {limit}");
    }

    public static string StateOf(StatusDocument status, string node) => status.Nodes.Single(n => n.Name == node).State;

    public void Dispose()
    {
        foreach (var process in _nodes.Values.Where(p => !p.HasExited))
        {
            process.Kill();
        }

        _http.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
