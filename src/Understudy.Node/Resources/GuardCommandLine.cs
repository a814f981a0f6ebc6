using System.Globalization;
using Understudy.Node.Vms;

namespace Understudy.Node.Resources;

/// <summary>
/// The one place that puts a workload under the lease guard. Nodes use the native
/// <c>understudy-guard</c> (tools/guard, built next to the node's binaries when a C compiler was
/// there at build time): it starts in a millisecond and kills the workload within a millisecond
/// of the lease's end. Without it they fall back to <c>understudy guard</c> (<see cref="LeaseGuard"/>),
/// which keeps the same contract with a runtime start-up and a 50 ms poll.
/// </summary>
internal static class GuardCommandLine
{
    /// <summary>File name of the native guard.</summary>
    public const string NativeName = "understudy-guard";

    /// <summary>The native guard beside this assembly, or null when it was not built.</summary>
    public static string? Native { get; } = Find();

    /// <summary>The full command line (program first) that runs <paramref name="workload"/> under the guard.</summary>
    /// <param name="leaseFile">The node's lease file.</param>
    /// <param name="logFile">Where the workload's output goes.</param>
    /// <param name="stopSignal">Signal the guard forwards on SIGTERM.</param>
    /// <param name="stopTimeout">Time from the stop signal to SIGKILL.</param>
    /// <param name="workload">Program and arguments.</param>
    /// <param name="understudy">How to start <c>understudy</c>, for the fallback guard.</param>
    /// <param name="user">The account the workload runs as (the guard stays the node's), or null.</param>
    public static IReadOnlyList<string> Wrap(string leaseFile, string logFile, int stopSignal, TimeSpan stopTimeout, IReadOnlyList<string> workload, AgentLauncher understudy, string? user = null)
    {
        string[] options =
        [
            "--lease-file", leaseFile, "--log", logFile,
            "--stop-signal", stopSignal.ToString(CultureInfo.InvariantCulture),
            "--stop-timeout-ms", ((long)stopTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            .. (user is null ? Array.Empty<string>() : ["--user", user]), "--",
        ];
        return Native is { } native
            ? [native, .. options, .. workload]
            : [understudy.FileName, .. understudy.Prefix, "guard", .. options, .. workload];
    }

    /// <summary>The full command line that holds <paramref name="address"/> under the guard
    /// while the lease lasts (no workload: the address is the thing fenced).</summary>
    public static IReadOnlyList<string> Hold(string leaseFile, string logFile, HeldAddress address, AgentLauncher understudy)
    {
        string[] options = ["--lease-file", leaseFile, "--log", logFile, "--address", address.Cidr, "--device", address.Device];
        return Native is { } native
            ? [native, .. options]
            : [understudy.FileName, .. understudy.Prefix, "guard", .. options];
    }

    private static string? Find()
    {
        var path = Path.Combine(AppContext.BaseDirectory, NativeName);
        return OperatingSystem.IsLinux() && File.Exists(path) ? path : null;
    }
}
