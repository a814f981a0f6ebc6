using System.Runtime.InteropServices;

namespace Understudy.Cli.Processes;

/// <summary>Sends POSIX signals: .NET's Process.Kill only sends SIGKILL, and nodes deserve a SIGTERM first.</summary>
internal static partial class PosixSignals
{
    public const int SigTerm = 15;

    public const int SigKill = 9;

    /// <summary>Freezes a process (failure injection: a process alive but silent).</summary>
    public const int SigStop = 19;

    public const int SigCont = 18;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if it is gone.</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
