using System.Runtime.InteropServices;

namespace Understudy.Node.Resources;

/// <summary>Sends POSIX signals (the stop signal of a process resource).</summary>
internal static partial class PosixProcess
{
    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if it is gone.</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
