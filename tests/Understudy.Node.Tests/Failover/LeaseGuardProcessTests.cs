using System.Diagnostics;
using System.Globalization;
using Understudy.Node.Resources;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Failover;

/// <summary>
/// Both lease guards as real processes — the native <c>understudy-guard</c> and the fallback
/// <c>understudy guard</c> — held to one contract: the workload never outlives the lease or the guard.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class LeaseGuardProcessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("understudy-guard-").FullName;

    /// <summary>The guards to hold to the contract. The native one is built wherever a C compiler
    /// is (CI installs gcc), so its absence is a failure, not a skip.</summary>
    public static TheoryData<string> Guards => new() { "native", "dotnet" };

    [Theory]
    [MemberData(nameof(Guards))]
    public async Task LeaseRunsOut_GuardKillsWorkloadAndExitsWithLeaseExpiredCode(string guardKind)
    {
        // The lease is cut short only once the workload runs: a .NET guard that takes longer than a
        // short lease to start on a busy machine would find it over and run nothing (also exit 75).
        var lease = WriteLease(TimeSpan.FromHours(1));
        using var guard = StartGuard(guardKind, lease);
        var child = await ChildOfAsync(guard.Id);
        WriteLease(TimeSpan.FromSeconds(1));

        Assert.Equal(LeaseGuard.LeaseExpiredExitCode, await ExitCodeAsync(guard));
        await WaitGoneAsync(child);
    }

    [Theory]
    [MemberData(nameof(Guards))]
    public async Task GuardKilledNine_WorkloadDiesWithIt(string guardKind)
    {
        var lease = WriteLease(TimeSpan.FromHours(1));
        using var guard = StartGuard(guardKind, lease);
        var child = await ChildOfAsync(guard.Id);

        guard.Kill();

        await WaitGoneAsync(child);
    }

    [Theory]
    [MemberData(nameof(Guards))]
    public async Task SigTerm_ForwardsStopSignalAndExits(string guardKind)
    {
        var lease = WriteLease(TimeSpan.FromHours(1));
        using var guard = StartGuard(guardKind, lease);
        var child = await ChildOfAsync(guard.Id);

        Signals.Terminate(guard.Id);

        // The workload (sleep) ends on the forwarded SIGTERM, and the guard exits with its status:
        // 128 + SIGTERM, as a shell reports it. 75 would mean the guard thought the lease ended.
        Assert.Equal(128 + 15, await ExitCodeAsync(guard));
        await WaitGoneAsync(child);
    }

    [Theory]
    [MemberData(nameof(Guards))]
    public async Task LeaseEndsDuringTheStopGrace_WorkloadKilledAtTheLease(string guardKind)
    {
        // A workload that ignores SIGTERM and a 5 s grace (the default): the lease, 2 s away,
        // ends first, and the guard kills it then rather than at the end of the grace.
        var lease = WriteLease(TimeSpan.FromHours(1));
        using var guard = StartGuard(guardKind, lease, "/bin/sh", "-c", "trap '' TERM; echo ignoring-term; while :; do sleep 1; done");
        var child = await ChildOfAsync(guard.Id);

        // Only once the shell ignores SIGTERM (it says so in the guard's log): sent before its trap,
        // the forwarded signal would end it at once, and the guard with its exit code.
        await Eventually.GetAsync(
            () => Task.FromResult(File.Exists(Path.Combine(_root, "log")) ? File.ReadAllText(Path.Combine(_root, "log")) : null),
            log => log.Contains("ignoring-term", StringComparison.Ordinal),
            "the workload ignoring SIGTERM");
        WriteLease(TimeSpan.FromSeconds(2)); // the guard reads the lease file again as it polls
        Signals.Terminate(guard.Id);

        Assert.Equal(LeaseGuard.LeaseExpiredExitCode, await ExitCodeAsync(guard));
        await WaitGoneAsync(child);
    }

    [Theory]
    [MemberData(nameof(Guards))]
    public async Task NoLease_WorkloadNeverStarts(string guardKind)
    {
        using var guard = StartGuard(guardKind, Path.Combine(_root, "no-such-lease"));

        Assert.Equal(LeaseGuard.LeaseExpiredExitCode, await ExitCodeAsync(guard));
        Assert.False(File.Exists(Path.Combine(_root, "log")) && File.ReadAllText(Path.Combine(_root, "log")).Length > 0, "the guard ran something without a lease");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string WriteLease(TimeSpan from)
    {
        var path = Path.Combine(_root, "lease");
        var deadline = Stopwatch.GetTimestamp() + (long)(from.TotalSeconds * Stopwatch.Frequency);
        // As the node writes it: whole, by a rename, so a guard never reads half a number.
        File.WriteAllText(path + ".tmp", deadline.ToString(CultureInfo.InvariantCulture));
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    private Process StartGuard(string kind, string lease, params string[] workload)
    {
        var native = Path.Combine(AppContext.BaseDirectory, GuardCommandLine.NativeName);
        Assert.True(kind != "native" || File.Exists(native), $"{native} was not built: is a C compiler (cc) installed?");
        string[] program = kind == "native" ? [native] : [Path.Combine(AppContext.BaseDirectory, "understudy"), "guard"];
        var start = new ProcessStartInfo(program[0]) { UseShellExecute = false };
        foreach (var arg in program.Skip(1).Concat(["--lease-file", lease, "--log", Path.Combine(_root, "log"), "--"]).Concat(workload.Length > 0 ? workload : ["sleep", "600"]))
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static async Task<int> ExitCodeAsync(Process guard)
    {
        using var timeout = new CancellationTokenSource(Eventually.Deadline);
        await guard.WaitForExitAsync(timeout.Token);
        return guard.ExitCode;
    }

    private static async Task<int> ChildOfAsync(int parent)
    {
        var found = await Eventually.GetAsync<Tuple<int>>(
            () => Task.FromResult(Children(parent).Select(p => Tuple.Create(p)).FirstOrDefault()),
            _ => true,
            $"a child of guard {parent}");
        return found.Item1;
    }

    private static IEnumerable<int> Children(int parent)
    {
        var path = $"/proc/{parent}/task/{parent}/children";
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        foreach (var task in Directory.Exists($"/proc/{parent}/task") ? Directory.GetDirectories($"/proc/{parent}/task") : [])
        {
            var file = Path.Combine(task, "children");
            text += " " + (File.Exists(file) ? File.ReadAllText(file) : "");
        }

        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t, CultureInfo.InvariantCulture)).Distinct();
    }

    private static Task WaitGoneAsync(int pid) =>
        Eventually.GetAsync<string>(() => Task.FromResult<string?>(IsRunning(pid) ? null : "gone"), _ => true, $"process {pid} to be gone");

    // A zombie (state Z) has exited; it only waits for its (dead) parent to be reaped.
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
