using System.Runtime.InteropServices;

namespace Understudy.Node.Tests.Harness;

/// <summary>POSIX signals for failure injection: SIGTERM, SIGSTOP, SIGCONT.</summary>
internal static partial class Signals
{
    public static void Terminate(int pid) => _ = Kill(pid, 15);

    public static void Kill(int pid) => _ = Kill(pid, 9);

    public static void Stop(int pid) => _ = Kill(pid, 19);

    public static void Continue(int pid) => _ = Kill(pid, 18);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
