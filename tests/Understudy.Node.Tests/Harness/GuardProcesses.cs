using Understudy.Node.Resources;

namespace Understudy.Node.Tests.Harness;

/// <summary>Tells a lease guard's process from its workload's: both name the workload's command line.</summary>
internal static class GuardProcesses
{
    /// <summary>Whether a process with these arguments (from /proc/PID/cmdline) is a guard —
    /// the native <c>understudy-guard</c> or <c>understudy guard</c>.</summary>
    public static bool IsGuard(IReadOnlyList<string> args) =>
        args.Count > 0 && (Path.GetFileName(args[0]) == GuardCommandLine.NativeName || (args.Count > 1 && args[1] == "guard"));
}
