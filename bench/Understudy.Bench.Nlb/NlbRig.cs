using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Understudy.Node.Api;

namespace Understudy.Bench.Nlb;

/// <summary>
/// Everything the benchmark runs on one fresh loopback block: three echo backends, three
/// Understudy nodes with an NLB section, HAProxy and nginx. Every process is killed on dispose.
/// </summary>
internal sealed class NlbRig : IDisposable
{
    public const int BackendPort = 9080;
    public const int HttpPort = 8080;
    public const int TcpPort = 8081;
    public const int StickyPort = 8082;
    public const int HashPort = 8083;

    private readonly Dictionary<string, Process> _processes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string _root = Directory.CreateTempSubdirectory("understudy-bench-nlb-").FullName;
    private readonly string _file;

    private readonly string _nodeEnv;

    /// <param name="nodeEnv">NAME=VALUE pairs (comma-separated) set for the node processes only, for experiments.</param>
    public NlbRig(string nodeEnv)
    {
        _nodeEnv = nodeEnv;
        Block = $"127.{Random.Shared.Next(20, 220)}.{Random.Shared.Next(1, 250)}";
        _file = Path.Combine(_root, "cluster.yaml");
        var yaml = new StringBuilder()
            .AppendLine("cluster:").AppendLine("  name: benchnlb").AppendLine("  key: \"bench-nlb-cluster-key-0123456789\"")
            .AppendLine("nodes:");
        foreach (var name in Names)
        {
            yaml.AppendLine($"  - name: {name}").AppendLine($"    address: {Address(name)}");
        }

        // web and raw hash client IP and port (affinity none), so one client IP's connections
        // spread over all members, as round robin does in HAProxy and nginx; sticky (affinity
        // single) is for the kill -9 run, where each client must keep its member.
        yaml.AppendLine("nlb:").AppendLine($"  address: {ClusterAddress}").AppendLine("  rules:")
            .AppendLine($"    - {{ name: web, ports: {HttpPort}, protocol: http, affinity: none, targetPort: {BackendPort} }}")
            .AppendLine($"    - {{ name: raw, ports: {TcpPort}, protocol: tcp, affinity: none, targetPort: {BackendPort} }}")
            .AppendLine($"    - {{ name: sticky, ports: {StickyPort}, protocol: http, affinity: single, targetPort: {BackendPort} }}");
        File.WriteAllText(_file, yaml.ToString());
    }

    public static string[] Names { get; } = ["n1", "n2", "n3"];

    /// <summary>The 127.x.y prefix of this run.</summary>
    public string Block { get; }

    public string ClusterAddress => $"{Block}.50";

    public string HaproxyAddress => $"{Block}.60";

    public string NginxAddress => $"{Block}.61";

    public string Address(string node) => $"{Block}.{Array.IndexOf(Names, node) + 1}";

    public string Backend(string node) => $"{Address(node)}:{BackendPort}";

    public void StartBackend(string node) =>
        Start("backend-" + node, "", Understudy, "example", "echo", "--listen", Backend(node), "--name", node);

    public void StartNode(string node) =>
        Start(node, _nodeEnv, Understudy, "node", "run", "-f", _file, "--node", node, "--data-dir", Path.Combine(_root, node),
            "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    public void StartHaproxy()
    {
        var config = Fill("haproxy.cfg", $"{HaproxyAddress}:{HttpPort}", $"{HaproxyAddress}:{TcpPort}");
        Start("haproxy", "", "haproxy", "-db", "-f", config);
    }

    public void StartNginx()
    {
        var config = Fill("nginx.conf", $"{NginxAddress}:{HttpPort}", "");
        Start("nginx", "", "nginx", "-c", config, "-e", Path.Combine(_root, "nginx-error.log"));
    }

    /// <summary>SIGKILL, as kill -9.</summary>
    public void Kill(string name)
    {
        _processes[name].Kill();
        _processes[name].WaitForExit();
    }

    /// <summary>Waits until a GET to <paramref name="address"/>:<paramref name="port"/> answers 200.</summary>
    public async Task WaitHttpAsync(string address, int port, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri($"http://{address}:{port}/"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"http://{address}:{port}/ did not answer 200 within {limit}");
    }

    public async Task<StatusDocument?> StatusAsync(string node)
    {
        try
        {
            return await _http.GetFromJsonAsync<StatusDocument>($"http://{Address(node)}:7400/api/status", StatusJson.Options);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public async Task WaitStatusAsync(string node, Func<StatusDocument, bool> condition, string what, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await StatusAsync(node) is { } status && condition(status))
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{node}: {what} not reached within {limit}");
    }

    public void Dispose()
    {
        foreach (var process in _processes.Values.Where(p => !p.HasExited))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        _http.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static string Understudy => Path.Combine(AppContext.BaseDirectory, "understudy");

    private string Fill(string template, string httpFront, string tcpFront)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "nlb", template))
            .Replace("{{HTTP_FRONT}}", httpFront, StringComparison.Ordinal)
            .Replace("{{TCP_FRONT}}", tcpFront, StringComparison.Ordinal)
            .Replace("{{HTTP_HASH_FRONT}}", $"{HaproxyAddress}:{HashPort}", StringComparison.Ordinal)
            .Replace("{{DIR}}", _root, StringComparison.Ordinal);
        foreach (var (name, i) in Names.Select((n, i) => (n, i)))
        {
            text = text.Replace($"{{{{B{i + 1}}}}}", Backend(name), StringComparison.Ordinal);
        }

        var path = Path.Combine(_root, template);
        File.WriteAllText(path, text);
        return path;
    }

    private void Start(string name, string env, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var pair in env.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            start.Environment[pair[..eq]] = pair[(eq + 1)..];
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && name is "haproxy" or "nginx")
            {
                Console.Error.WriteLine($"[{name}] {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes[name] = process;
    }
}
