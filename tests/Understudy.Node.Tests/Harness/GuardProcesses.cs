using System.Diagnostics;
using System.Globalization;
using Understudy.Node.Resources;

namespace Understudy.Node.Tests.Harness;

/// <summary>Lease guards in tests: which program each kind is, a lease file written as the node
/// writes it, and a guard's exit code; and a guard's process told from its workload's.</summary>
internal static class GuardProcesses
{
    /// <summary>Whether a process with these arguments (from /proc/PID/cmdline) is a guard —
    /// the native <c>understudy-guard</c> or <c>understudy guard</c>.</summary>
    public static bool IsGuard(IReadOnlyList<string> args) =>
        args.Count > 0 && (Path.GetFileName(args[0]) == GuardCommandLine.NativeName || (args.Count > 1 && args[1] == "guard"));

    /// <summary>The program (and its first arguments) of the <c>native</c> or <c>dotnet</c> guard.
    /// The native one is built wherever a C compiler is (CI installs gcc): its absence fails.</summary>
    public static string[] Program(string kind)
    {
        var native = Path.Combine(AppContext.BaseDirectory, GuardCommandLine.NativeName);
        Assert.True(kind != "native" || File.Exists(native), $"{native} was not built: is a C compiler (cc) installed?");
        return kind == "native" ? [native] : [Path.Combine(AppContext.BaseDirectory, "understudy"), "guard"];
    }

    /// <summary>Writes <c>DIRECTORY/lease</c> with a deadline <paramref name="from"/> from now, as
    /// the node writes it: whole, by a rename, so a guard never reads half a number.</summary>
    public static string WriteLease(string directory, TimeSpan from)
    {
        var path = Path.Combine(directory, "lease");
        var deadline = Stopwatch.GetTimestamp() + (long)(from.TotalSeconds * Stopwatch.Frequency);
        File.WriteAllText(path + ".tmp", deadline.ToString(CultureInfo.InvariantCulture));
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    /// <summary>The guard's exit code, waiting for it with the usual generous deadline.</summary>
    public static async Task<int> ExitCodeAsync(Process guard)
    {
        using var timeout = new CancellationTokenSource(Eventually.Deadline);
        await guard.WaitForExitAsync(timeout.Token);
        return guard.ExitCode;
    }
}
