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

    private string WriteLease(TimeSpan from) => GuardProcesses.WriteLease(_root, from);

    [Theory]
    [MemberData(nameof(Guards))]
    public async Task UserOption_WorkloadRunsAsThatUser_GuardStaysRoot_LeaseStillEndsIt(string guardKind)
    {
        Requires.Root("switching a workload to another user");
        var lease = WriteLease(TimeSpan.FromHours(1));
        using var guard = StartGuard(guardKind, lease, ["--user", "nobody"], "sleep", "600");
        var child = await ChildOfAsync(guard.Id);

        // The .NET guard's child is setpriv until it has switched and exec'd the workload.
        await Eventually.GetAsync(() => Task.FromResult<string?>(Uid(child) == 65534 && Command(child) == "sleep" ? "nobody" : null), _ => true, "the workload running as nobody");
        Assert.Equal(0u, Uid(guard.Id));
        WriteLease(TimeSpan.FromSeconds(1));

        Assert.Equal(LeaseGuard.LeaseExpiredExitCode, await ExitCodeAsync(guard));
        await WaitGoneAsync(child);
    }

    [Theory]
    [MemberData(nameof(Guards))]
    public async Task UserOption_NoSuchAccount_RunsNothing(string guardKind)
    {
        Requires.Root("switching a workload to another user");
        var lease = WriteLease(TimeSpan.FromHours(1));
        using var guard = StartGuard(guardKind, lease, ["--user", "no-such-user-here"], "sleep", "600");

        Assert.Equal(126, await ExitCodeAsync(guard));
        Assert.Empty(Children(guard.Id));
    }

    private static uint? Uid(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            return uint.Parse(line[4..].Trim().Split('\t', ' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? Command(int pid)
    {
        try
        {
            return Path.GetFileName(File.ReadAllText($"/proc/{pid}/cmdline").Split('\0')[0]);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private Process StartGuard(string kind, string lease, params string[] workload) => StartGuard(kind, lease, [], workload);

    private Process StartGuard(string kind, string lease, string[] options, params string[] workload)
    {
        var program = GuardProcesses.Program(kind);
        var start = new ProcessStartInfo(program[0]) { UseShellExecute = false };
        foreach (var arg in program.Skip(1).Concat(["--lease-file", lease, "--log", Path.Combine(_root, "log"), .. options, "--"]).Concat(workload.Length > 0 ? workload : ["sleep", "600"]))
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static Task<int> ExitCodeAsync(Process guard) => GuardProcesses.ExitCodeAsync(guard);

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
