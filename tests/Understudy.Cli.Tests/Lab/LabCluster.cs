using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Understudy.Node.Api;

namespace Understudy.Cli.Tests.Lab;

/// <summary>
/// A host lab of one test: <c>understudy up --hosts</c> as a real process on a cluster file of
/// three nodes, its cluster (and so its namespaces) named with a random suffix so parallel runs
/// never meet. Everything is reached as a user would: the CLI, <c>ip netns exec</c>.
/// </summary>
internal sealed partial class LabCluster : IAsyncDisposable
{
    /// <summary>Generous: a busy 2-core machine forms a cluster in 10-40 s.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly List<string> _output = [];

    private LabCluster(string name, string lan, string file)
    {
        Name = name;
        Lan = lan;
        File = file;
    }

    public string Name { get; }

    /// <summary>The LAN's first three octets, e.g. <c>10.77.0</c>.</summary>
    public string Lan { get; }

    public string File { get; }

    public string DataDirectory => Path.Combine(Path.GetDirectoryName(File)!, "data");

    public Process? Up { get; private set; }

    public static readonly string[] Nodes = ["alpha", "bravo", "charlie"];

    /// <summary>Why lab tests cannot run here, or null.</summary>
    public static string? Missing() =>
        !Environment.IsPrivilegedProcess ? "needs root (network namespaces)"
        : !new[] { "/usr/sbin/ip", "/usr/sbin/nft", "/usr/bin/curl" }.All(System.IO.File.Exists) ? "needs ip, nft and curl (apt-get install iproute2 nftables curl)"
        : null;

    /// <summary>The one prerequisite check of the lab tests: a missing one is a skip with its
    /// reason, never a pass (.ci/install provides them all, and CI runs as root).</summary>
    public static void RequirePrerequisites()
    {
        if (Missing() is { } why)
        {
            Assert.Skip(why);
        }
    }

    /// <summary>Writes the cluster file (three nodes, charlie a quorum witness if
    /// <paramref name="witness"/>, then <paramref name="roles"/> with <c>{lan}</c> and
    /// <c>{dir}</c> filled in) and starts <c>up --hosts</c>.</summary>
    public static LabCluster Start(string roles = "", bool witness = false)
    {
        RequirePrerequisites();
        var name = $"lab-{Guid.NewGuid().ToString("N")[..8]}";
        var lan = $"10.{Random.Shared.Next(100, 250)}.{Random.Shared.Next(0, 250)}";
        var directory = Directory.CreateTempSubdirectory("understudy-lab-").FullName;
        var file = Path.Combine(directory, "cluster.yaml");
        System.IO.File.WriteAllText(file, $"""
            cluster:
              name: {name}
              key: "lab-test-cluster-key-0123456789"
            nodes:
              - name: alpha
                address: {lan}.1
              - name: bravo
                address: {lan}.2
              - name: charlie
                address: {lan}.3
                witness: {(witness ? "true" : "false")}
            # The lab tests kill and restart hosts on purpose, several times per host in one
            # class's lab: quarantine (3 departures in an hour) would keep a host Paused.
            quarantine:
              departures: 0

            """ + roles.Replace("{lan}", lan, StringComparison.Ordinal).Replace("{dir}", directory, StringComparison.Ordinal));
        var lab = new LabCluster(name, lan, file);
        lab.StartUp();
        return lab;
    }

    /// <summary>Starts (again) <c>understudy up --hosts</c> on this lab's file.</summary>
    public void StartUp()
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "understudy"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "up", "--hosts", "-f", File, "--data-dir", DataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        var up = Process.Start(start)!;
        up.OutputDataReceived += (_, e) => Seen(e.Data);
        up.ErrorDataReceived += (_, e) => Seen(e.Data);
        up.BeginOutputReadLine();
        up.BeginErrorReadLine();
        Up = up;
    }

    /// <summary>What <c>up</c> printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join("\n", _output);
            }
        }
    }

    /// <summary>Waits until <c>up</c> has built the lab (it names the LAN) <paramref name="times"/> times.</summary>
    public Task BuiltAsync(int times = 1) => SaidAsync($"Lab '{Name}': LAN", times);

    /// <summary>Waits until <c>up</c> says the cluster is up (or that it has not formed in its own minute).</summary>
    public Task FormedAsync() => SaidAsync("", 1, "is up. Node logs", "did not fully form");

    private Task SaidAsync(string start, int times, params string[] containing) =>
        EventuallyAsync(
            () => Task.FromResult<string?>(Output),
            output =>
            {
                var said = output.Split('\n').Count(l => l.Contains(start, StringComparison.Ordinal) && (containing.Length == 0 || containing.Any(c => l.Contains(c, StringComparison.Ordinal)))) >= times;
                return said || (Up is { HasExited: true } ? throw new InvalidOperationException($"up exited ({Up.ExitCode}):\n{output}") : false);
            },
            $"up to print '{start}' {times} time(s)");

    public string Namespace(string host) => host == "client" ? $"ul.{Name}.client" : $"ul.{Name}.host.{host}";

    public string Switch => $"ul.{Name}.switch";

    public IEnumerable<string> Namespaces => Nodes.Select(Namespace).Append(Namespace("client")).Append(Switch);

    public string AddressOf(string node) => $"{Lan}.{Array.IndexOf(Nodes, node) + 1}";

    /// <summary>Runs the CLI (a lab command gets <c>--lab NAME</c> from the caller).</summary>
    public static Task<(int ExitCode, string Out, string Error)> CliAsync(params string[] args) => CliProcess.RunAsync(args);

    /// <summary>Runs a program and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Out)> RunAsync(params string[] program)
    {
        var start = new ProcessStartInfo(program[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in program.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output);
    }

    /// <summary>Runs a program inside a host's (or the client's) namespace.</summary>
    public Task<(int ExitCode, string Out)> InAsync(string host, params string[] program) =>
        RunAsync(["ip", "netns", "exec", Namespace(host), .. program]);

    /// <summary>The IPv4 addresses on a host's eth0.</summary>
    public async Task<IReadOnlyList<string>> AddressesAsync(string host) =>
        (await RunAsync("ip", "-n", Namespace(host), "-br", "-4", "addr", "show", "eth0")).Out
            .Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(a => a.Split('/')[0]).ToList();

    /// <summary>A host's eth0 hardware address.</summary>
    public async Task<string> MacAsync(string host) =>
        (await RunAsync("ip", "-n", Namespace(host), "-br", "link", "show", "eth0")).Out.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[2];

    /// <summary>The cluster's status, read with <c>understudy status --json -f FILE</c> from the
    /// machine's own namespace (so through the CLI's redirect into the client).</summary>
    public async Task<StatusDocument?> StatusAsync()
    {
        var (code, output, _) = await CliAsync("status", "--json", "-f", File);
        return code == 0 ? JsonSerializer.Deserialize<StatusDocument>(output, StatusJson.Options) : null;
    }

    /// <summary>Waits until <paramref name="probe"/> gives a value that satisfies <paramref name="condition"/>.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<T, bool> condition, string what, TimeSpan? deadline = null)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        T? last = null;
        while (clock.Elapsed < (deadline ?? Deadline))
        {
            last = await probe();
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"timed out waiting for {what}; last seen: {(last is null ? "(nothing)" : JsonSerializer.Serialize(last, StatusJson.Options))}");
    }

    /// <summary>The network namespaces of this machine.</summary>
    public static async Task<IReadOnlyList<string>> ExistingNamespacesAsync() =>
        (await RunAsync("ip", "netns", "list")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToList();

    /// <summary>SIGTERM to <c>up</c>, and its exit code once it is gone.</summary>
    public async Task<int> StopAsync()
    {
        var up = Up!;
        _ = Kill(up.Id, 15);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await up.WaitForExitAsync(timeout.Token);
        return up.ExitCode;
    }

    /// <summary>SIGKILL to <c>up</c>: it leaves its lab behind.</summary>
    public async Task KillUpAsync()
    {
        var up = Up!;
        _ = Kill(up.Id, 9);
        await up.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Up is { HasExited: false })
        {
            await StopAsync();
        }

        if ((await ExistingNamespacesAsync()).Intersect(Namespaces).Any())
        {
            await CliAsync("lab", "clean", "--lab", Name);
        }

        Directory.Delete(Path.GetDirectoryName(File)!, recursive: true);
    }

    private void Seen(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
