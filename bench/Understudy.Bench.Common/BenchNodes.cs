using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Understudy.Node.Api;

namespace Understudy.Bench.Common;

/// <summary>
/// Real node processes of one cluster file on a fresh loopback block 127.x.y.*, as the benchmarks
/// run them: each node is <c>understudy node run</c> with its log in the cluster folder, killed
/// with SIGKILL on demand, watched through its <c>/api/status</c>. The folder is deleted at the
/// end unless <see cref="Keep"/> is set (to look at the logs after a failed run).
/// </summary>
public sealed class BenchNodes : IDisposable
{
    private static readonly Lock LogGate = new();
    private readonly Dictionary<string, Process> _nodes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <param name="folderPrefix">Prefix of the temporary cluster folder.</param>
    /// <param name="names">Node names; node i gets address BLOCK.(i+1).</param>
    /// <param name="sections">YAML after the <c>nodes:</c> section, given the block and the folder.</param>
    /// <param name="before">YAML between <c>cluster:</c> and <c>nodes:</c> (e.g. <c>heartbeat:</c>).</param>
    /// <param name="binaries">Folder of the <c>understudy</c> program the nodes run (default: this program's).</param>
    public BenchNodes(string folderPrefix, IReadOnlyList<string> names, Func<string, string, string>? sections = null, string before = "", string? binaries = null)
    {
        Names = names;
        Root = Directory.CreateTempSubdirectory(folderPrefix).FullName;
        Block = $"127.{Random.Shared.Next(20, 220)}.{Random.Shared.Next(1, 250)}";
        Binaries = binaries ?? AppContext.BaseDirectory;
        FilePath = Path.Combine(Root, "cluster.yaml");
        var yaml = new StringBuilder()
            .AppendLine("cluster:").AppendLine("  name: bench").AppendLine("  key: \"bench-cluster-key-0123456789\"")
            .Append(before)
            .AppendLine("nodes:");
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            yaml.AppendLine($"  - name: {name}").AppendLine($"    address: {Block}.{i + 1}");
        }

        File.WriteAllText(FilePath, yaml.Append(sections?.Invoke(Block, Root) ?? "").ToString());
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The cluster folder: cluster file, node data directories and logs.</summary>
    public string Root { get; }

    /// <summary>The loopback block, e.g. <c>127.34.7</c>.</summary>
    public string Block { get; }

    public string FilePath { get; }

    /// <summary>Folder of the <c>understudy</c> program.</summary>
    public string Binaries { get; }

    /// <summary>Keep the cluster folder (node logs) after the run.</summary>
    public bool Keep { get; set; }

    public string Address(string node) => $"{Block}.{IndexOf(node) + 1}";

    public string ApiUrl(string node) => $"http://{Address(node)}:7400";

    public int Pid(string node) => _nodes[node].Id;

    /// <summary>Starts <paramref name="node"/>, with extra environment variables if given.</summary>
    public void Start(string node, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = Program("node", "run", "-f", FilePath, "--node", node, "--data-dir", Path.Combine(Root, node), "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var log = Path.Combine(Root, node + ".log");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _nodes[node] = process;
    }

    /// <summary>kill -9 of the node process only (its guards kill its workloads when the lease ends).</summary>
    public void Kill(string node)
    {
        _nodes[node].Kill();
        _nodes[node].WaitForExit();
    }

    public async Task<StatusDocument?> StatusAsync(string node) => await GetAsync<StatusDocument>(node, "/api/status");

    /// <summary>GET <paramref name="path"/> on <paramref name="node"/>'s API as JSON, or null if it does not answer.</summary>
    public async Task<T?> GetAsync<T>(string node, string path)
    {
        try
        {
            return await _http.GetFromJsonAsync<T>(ApiUrl(node) + path, StatusJson.Options);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return default;
        }
    }

    /// <summary>Polls <paramref name="node"/>'s status until <paramref name="condition"/> holds.</summary>
    public async Task<StatusDocument> WaitAsync(string node, Func<StatusDocument, bool> condition, TimeSpan limit, TimeSpan? poll = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await StatusAsync(node) is { } status && condition(status))
            {
                return status;
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(20));
        }

        throw new TimeoutException($"{node} did not reach the expected state within {limit}");
    }

    /// <summary>Runs the CLI against this cluster's file, as an operator would; throws if it fails.</summary>
    public async Task<string> CliAsync(params string[] arguments)
    {
        using var process = Process.Start(Program([.. arguments, "-f", FilePath]))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output + await error;
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"understudy {string.Join(' ', arguments)} failed: {text}");
    }

    /// <summary>Lines of <paramref name="node"/>'s log that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> LogLines(string node, string text)
    {
        var path = Path.Combine(Root, node + ".log");
        lock (LogGate)
        {
            return File.Exists(path) ? [.. File.ReadAllLines(path).Where(l => l.Contains(text, StringComparison.Ordinal))] : [];
        }
    }

    public static string StateOf(StatusDocument status, string node) => status.Nodes.Single(n => n.Name == node).State;

    public void Dispose()
    {
        foreach (var process in _nodes.Values.Where(p => !p.HasExited))
        {
            process.Kill(entireProcessTree: true);
        }

        _http.Dispose();
        if (!Keep)
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private int IndexOf(string node) => Names.ToList().IndexOf(node) is var i and >= 0 ? i : throw new ArgumentException($"no node {node}", nameof(node));

    private ProcessStartInfo Program(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(Binaries, "understudy")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static void Append(string path, string? line)
    {
        if (line is not null)
        {
            lock (LogGate)
            {
                File.AppendAllText(path, line + "\n");
            }
        }
    }
}
