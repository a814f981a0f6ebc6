using System.Runtime.InteropServices;

namespace Understudy.Node.Native;

/// <summary>POSIX signals: .NET's Process.Kill only sends SIGKILL, and a process deserves its
/// stop signal (SIGTERM) first; process groups take a negative pid.</summary>
internal static partial class Libc
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/> (to the process group
    /// <c>-pid</c> leads if negative); false if there is no such process or group.</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
