using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Understudy.Node.Api;

namespace Understudy.Node.Tests.Harness;

/// <summary>
/// A real cluster for a test: a cluster file on loopback, and one <c>understudy node run</c> OS
/// process per node, each told to exit if the test process dies.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    public const string Key = "test-cluster-key-0123456789";

    private readonly Dictionary<string, Process> _running = new(StringComparer.Ordinal);
    private readonly HttpClient _http;

    private TestCluster(string root, string block, IReadOnlyList<string> names, string file, bool tls)
    {
        Root = root;
        Block = block;
        Names = names;
        FilePath = file;
        Tls = tls;
        // The test's own reads trust the cluster's API identity, as the CLI does with the file.
        _http = new(ApiIdentity.Trust(new SocketsHttpHandler())) { Timeout = TimeSpan.FromSeconds(3) };
    }

    /// <summary>The cluster's API identity (docs/api.md "TLS"), derived from <see cref="Key"/>.</summary>
    public static Understudy.Node.Security.ApiIdentity ApiIdentity { get; } =
        Understudy.Node.Security.ApiIdentity.Derive(Understudy.Core.Security.ClusterKeys.Derive(Encoding.UTF8.GetBytes(Key), "test"), "test");

    /// <summary>Whether the API speaks TLS (<c>api.tls: on</c>; loopback is plain HTTP by default).</summary>
    public bool Tls { get; }

    public string Root { get; }

    public string Block { get; }

    public IReadOnlyList<string> Names { get; }

    public string FilePath { get; }

    public static TestCluster Create(int nodes = 3, string heartbeat = "", Func<string, string>? extra = null, Func<string, string, string>? roles = null, bool tls = false)
    {
        var root = Directory.CreateTempSubdirectory("understudy-test-").FullName;
        var block = TestAddresses.Block();
        var names = Enumerable.Range(0, nodes).Select(i => "n" + (i + 1)).ToArray();
        var file = Path.Combine(root, "cluster.yaml");
        File.WriteAllText(file, Yaml(block, names, Key, heartbeat) + (roles is null ? "" : roles(block, root)) + (extra?.Invoke(block) ?? "") + (tls ? "api:\n  tls: on\n" : ""));
        return new TestCluster(root, block, names, file, tls);
    }

    /// <summary>Writes a variant of the cluster file with another key, for an impostor node.</summary>
    public string WriteVariantWithKey(string key)
    {
        var path = Path.Combine(Root, "impostor.yaml");
        File.WriteAllText(path, Yaml(Block, Names, key, ""));
        return path;
    }

    public string Address(string node) => $"{Block}.{IndexOf(node) + 1}";

    public string ApiUrl(string node) => $"{(Tls ? "https" : "http")}://{Address(node)}:7400";

    public int HeartbeatPort => 7402;

    public int ProcessId(string node) => _running[node].Id;

    public void StartAll()
    {
        foreach (var name in Names)
        {
            Start(name);
        }
    }

    public void Start(string node, string? file = null)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "understudy"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "node", "run", "-f", file ?? FilePath, "--node", node, "--data-dir", Path.Combine(Root, node), "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        var log = Path.Combine(Root, node + ".log");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _running[node] = process;
    }

    /// <summary>kill -9.</summary>
    public void Kill(string node)
    {
        var process = _running[node];
        process.Kill();
        process.WaitForExit();
        _running.Remove(node);
    }

    /// <summary>SIGTERM every node and wait for each to exit.</summary>
    public async Task StopAllAsync()
    {
        foreach (var (_, process) in _running)
        {
            Signals.Terminate(process.Id);
        }

        foreach (var (_, process) in _running)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }

        _running.Clear();
    }

    public async Task<StatusDocument?> StatusAsync(string node)
    {
        try
        {
            return await _http.GetFromJsonAsync<StatusDocument>(ApiUrl(node) + "/api/status", StatusJson.Options);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The replicated event log as <paramref name="node"/> has it.</summary>
    public async Task<IReadOnlyList<Understudy.Core.Failover.ClusterEvent>> EventsAsync(string node)
    {
        var page = await _http.GetFromJsonAsync<EventPage>(ApiUrl(node) + "/api/events", StatusJson.Options);
        return page?.Events ?? [];
    }

    /// <summary>Waits until <paramref name="node"/> reports a status that satisfies <paramref name="condition"/>.</summary>
    public Task<StatusDocument> WaitForAsync(string node, Func<StatusDocument, bool> condition, string what) =>
        Eventually.GetAsync(() => StatusAsync(node), condition, $"{what} (asking {node})");

    /// <summary>Waits until <paramref name="node"/> sees a leader and every listed node Up.</summary>
    public Task<StatusDocument> WaitForUpAsync(string node, params string[] up) =>
        WaitForAsync(node, s => s.Leader is not null && up.All(u => StateOf(s, u) == "Up"), $"leader and {string.Join(",", up)} Up");

    public static string StateOf(StatusDocument status, string node) => status.Nodes.Single(n => n.Name == node).State;

    public string Logs() => string.Join("\n", Names.Select(n => Path.Combine(Root, n + ".log")).Where(File.Exists).Select(p => $"--- {p}\n{File.ReadAllText(p)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process) in _running)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }

        _http.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }

        RemoveSteeringPins();
    }

    /// <summary>Killed nodes leave their NLB steering maps pinned (a node that stops removes them
    /// when it is the last): remove those of this cluster's address block.</summary>
    private void RemoveSteeringPins()
    {
        const string pins = "/sys/fs/bpf/understudy";
        var prefix = Convert.ToHexStringLower(System.Net.IPAddress.Parse(Block + ".0").GetAddressBytes())[..6];
        if (!Directory.Exists(pins))
        {
            return;
        }

        foreach (var pin in Directory.EnumerateFiles(pins, prefix + "*"))
        {
            File.Delete(pin);
        }
    }

    private int IndexOf(string node) => Names.ToList().IndexOf(node);

    private static string Yaml(string block, IReadOnlyList<string> names, string key, string heartbeat)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("cluster:").AppendLine("  name: test").AppendLine($"  key: \"{key}\"");
        if (heartbeat.Length > 0)
        {
            yaml.AppendLine("heartbeat:").AppendLine(heartbeat);
        }

        yaml.AppendLine("nodes:");
        for (var i = 0; i < names.Count; i++)
        {
            yaml.AppendLine($"  - name: {names[i]}").AppendLine($"    address: {block}.{i + 1}");
        }

        return yaml.ToString();
    }

    private static void Append(string path, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (typeof(TestCluster))
        {
            File.AppendAllText(path, line + "\n");
        }
    }

    private sealed record EventPage(long Last, IReadOnlyList<Understudy.Core.Failover.ClusterEvent> Events);
}
