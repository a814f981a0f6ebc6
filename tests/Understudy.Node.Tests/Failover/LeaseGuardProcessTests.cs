using System.Diagnostics;
using System.Globalization;
using Understudy.Node.Resources;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Failover;

/// <summary><c>understudy guard</c> as a real process: the workload never outlives the lease or the guard.</summary>
[Collection(ProcessCollection.Name)]
public sealed class LeaseGuardProcessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("understudy-guard-").FullName;

    [Fact]
    public async Task LeaseRunsOut_GuardKillsWorkloadAndExitsWithLeaseExpiredCode()
    {
        var lease = WriteLease(TimeSpan.FromSeconds(2));
        using var guard = StartGuard(lease);
        var child = await ChildOfAsync(guard.Id);

        using var timeout = new CancellationTokenSource(Eventually.Deadline);
        await guard.WaitForExitAsync(timeout.Token);

        Assert.Equal(LeaseGuard.LeaseExpiredExitCode, guard.ExitCode);
        await WaitGoneAsync(child);
    }

    [Fact]
    public async Task GuardKilledNine_WorkloadDiesWithIt()
    {
        var lease = WriteLease(TimeSpan.FromHours(1));
        using var guard = StartGuard(lease);
        var child = await ChildOfAsync(guard.Id);

        guard.Kill();

        await WaitGoneAsync(child);
    }

    [Fact]
    public async Task SigTerm_ForwardsStopSignalAndExits()
    {
        var lease = WriteLease(TimeSpan.FromHours(1));
        using var guard = StartGuard(lease);
        var child = await ChildOfAsync(guard.Id);

        Signals.Terminate(guard.Id);

        using var timeout = new CancellationTokenSource(Eventually.Deadline);
        await guard.WaitForExitAsync(timeout.Token);
        await WaitGoneAsync(child);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string WriteLease(TimeSpan from)
    {
        var path = Path.Combine(_root, "lease");
        var deadline = Stopwatch.GetTimestamp() + (long)(from.TotalSeconds * Stopwatch.Frequency);
        File.WriteAllText(path, deadline.ToString(CultureInfo.InvariantCulture));
        return path;
    }

    private Process StartGuard(string lease)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "understudy")) { UseShellExecute = false };
        foreach (var arg in new[] { "guard", "--lease-file", lease, "--log", Path.Combine(_root, "log"), "--", "sleep", "600" })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
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
