using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Understudy.Cli.Commands;
using Understudy.Cli.Lab;
using Understudy.Core.Lab;
using Understudy.Node.Api;

namespace Understudy.Bench.Lab;

/// <summary>
/// One host lab for the benchmark: <c>understudy up --hosts</c> as a child process on a cluster
/// file of three nodes and the kv role (its name and LAN random, so it never meets another lab),
/// watched from inside the lab's client namespace. Faults are made the way <c>understudy lab</c>
/// makes them (the same <c>ip</c> and nftables calls), without a CLI start-up in the timed path.
/// </summary>
internal sealed class LabRig : IAsyncDisposable
{
    public static readonly string[] Names = ["alpha", "bravo", "charlie"];

    private readonly Process _up;
    private readonly Dictionary<string, Process> _restarted = [];
    private readonly NamespaceSockets _sockets;
    private readonly HttpClient _http;
    private int _restarts;

    private LabRig(string root, string name, string lan, Process up, LabState state)
    {
        Root = root;
        Name = name;
        Lan = lan;
        _up = up;
        State = state;
        _sockets = new NamespaceSockets(state.Client.Namespace);
        _http = new HttpClient(_sockets.Handler()) { Timeout = TimeSpan.FromSeconds(1) };
        Client = new ClientProbe(_sockets, $"{lan}.100", 8080);
    }

    public string Root { get; }

    public string Name { get; }

    /// <summary>The LAN's first three octets.</summary>
    public string Lan { get; }

    public LabState State { get; }

    /// <summary>HTTP from the client namespace to the role's address.</summary>
    public ClientProbe Client { get; }

    public string File => Path.Combine(Root, "cluster.yaml");

    /// <summary>Writes the cluster file (<paramref name="yaml"/> of the lab's name and LAN, by
    /// default three nodes and the kv role), starts <c>up --hosts</c> from <paramref name="binaries"/>
    /// and waits until it has built the lab.</summary>
    public static async Task<LabRig> StartAsync(string binaries, TimeSpan limit, Func<string, string, string>? yaml = null)
    {
        var root = Directory.CreateTempSubdirectory("understudy-bench-lab-").FullName;
        var name = $"bench-{Guid.NewGuid().ToString("N")[..6]}";
        var lan = $"10.{Random.Shared.Next(100, 250).ToString(CultureInfo.InvariantCulture)}.{Random.Shared.Next(0, 250).ToString(CultureInfo.InvariantCulture)}";
        Directory.CreateDirectory(Path.Combine(root, "kv-data"));
        await System.IO.File.WriteAllTextAsync(Path.Combine(root, "cluster.yaml"), (yaml ?? Yaml)(name, lan));
        var start = new ProcessStartInfo(Path.Combine(binaries, "understudy")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "up", "--hosts", "-f", Path.Combine(root, "cluster.yaml"), "--data-dir", Path.Combine(root, "data") })
        {
            start.ArgumentList.Add(argument);
        }

        var up = Process.Start(start)!;
        var log = new StreamWriter(Path.Combine(root, "up.log")) { AutoFlush = true };
        up.OutputDataReceived += (_, e) => Write(log, e.Data);
        up.ErrorDataReceived += (_, e) => Write(log, e.Data);
        up.BeginOutputReadLine();
        up.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        // up names the LAN once the whole lab is built.
        while (!System.IO.File.ReadAllText(Path.Combine(root, "up.log")).Contains($"Lab '{name}': LAN", StringComparison.Ordinal))
        {
            if (up.HasExited || clock.Elapsed > limit)
            {
                throw new InvalidOperationException($"understudy up --hosts did not build the lab within {limit} (see {root}/up.log)");
            }

            await Task.Delay(100);
        }

        return new LabRig(root, name, lan, up, LabState.Find(name)!);
    }

    public string Address(string node) => $"{Lan}.{Array.IndexOf(Names, node) + 1}";

    /// <summary>The newest status any node gives (from the client), or null.</summary>
    public async Task<StatusDocument?> StatusAsync(IEnumerable<string>? from = null)
    {
        var answers = await Task.WhenAll((from ?? Names).Select(async n =>
        {
            try
            {
                return await _http.GetFromJsonAsync<StatusDocument>($"http://{Address(n)}:7400/api/status", StatusJson.Options);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }));
        return answers.Where(a => a?.Leader is not null).MaxBy(a => a!.Version);
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the newest status.</summary>
    public async Task<StatusDocument> WaitAsync(Func<StatusDocument, bool> condition, string what, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await StatusAsync() is { } status && condition(status))
            {
                return status;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"not within {limit}: {what} (node logs in {Root}/data/{Name})");
    }

    /// <summary>kill -9 of the node process (its guard removes address and service when the lease ends).</summary>
    public static void Kill(int pid)
    {
        using var process = Process.GetProcessById(pid);
        process.Kill();
        process.WaitForExit();
    }

    /// <summary><c>understudy lab cut</c> / <c>mend</c>: the host's eth0 down or up.</summary>
    public Task CableAsync(string node, bool up) =>
        LabTool.IpAsync("-n", State.Plan.Find(node)!.Namespace, "link", "set", LabNames.HostInterface, up ? "up" : "down");

    /// <summary><c>understudy lab partition NODE / OTHERS</c>.</summary>
    public Task PartitionAsync(string node) =>
        LabTool.NftAsync(State.Plan.Names.Switch, LabRules.Partition([State.Plan.Find(node)!.Port], [.. State.Plan.Hosts.Where(h => h.Name != node).Select(h => h.Port)], oneWay: false));

    /// <summary><c>understudy lab heal</c>.</summary>
    public Task HealAsync() => LabTool.NftAsync(State.Plan.Names.Switch, LabRules.Heal());

    /// <summary>Starts <paramref name="node"/> again in its host, on the data directory <c>up</c> gave it.</summary>
    public void Restart(string node, string binaries)
    {
        var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var data = DataDirectories.ForNode(Path.Combine(Root, "data"), Name, node);
        foreach (var argument in new[] { "netns", "exec", State.Plan.Find(node)!.Namespace, Path.Combine(binaries, "understudy"), "node", "run", "-f", File, "--node", node, "--data-dir", data, "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        // Its own file: up's writer still holds node.log open at its own position.
        var log = new StreamWriter(Path.Combine(data, $"node.restart-{++_restarts}.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _restarted[node] = process;
    }

    /// <summary>SIGTERM to <c>up</c>: it stops the nodes and removes the lab (and what runs in it).</summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _http.Dispose();
        _sockets.Dispose();
        if (!_up.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _up.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await _up.WaitForExitAsync(timeout.Token);
        }

        foreach (var process in _restarted.Values)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
        }

        _up.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    // The kv role of examples/hosts.yaml on this LAN, with a failover limit that the rounds do not
    // reach, and quarantine off: every round faults a node on purpose, which is exactly the
    // "flapping" that quarantine would otherwise keep out after three rounds.
    private static string Yaml(string name, string lan) => $"""
        cluster:
          name: {name}
          key: "bench-lab-cluster-key-0123456789"
        quarantine:
          departures: 0
        nodes:
          - name: alpha
            address: {lan}.1
          - name: bravo
            address: {lan}.2
          - name: charlie
            address: {lan}.3
        roles:
          - name: kv
            failover: {"{"} maxFailovers: 1000, window: 1h {"}"}
            resources:
              - name: ip
                type: address
                address: {lan}.100
                prefixLength: 24
                interface: eth0
              - name: server
                type: process
                dependsOn: [ip]
                command: understudy
                args: [example, kv, --listen, "{lan}.100:8080", --data, kv.json]
                workingDirectory: kv-data
                stopTimeout: 2s
              - name: http
                type: probe
                dependsOn: [server]
                http: http://{lan}.100:8080/healthz
                looksAlive: 500ms
                isAlive: 2s

        """;
}
