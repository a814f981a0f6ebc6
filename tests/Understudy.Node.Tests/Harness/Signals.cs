using Understudy.Node.Native;

namespace Understudy.Node.Tests.Harness;

/// <summary>POSIX signals for failure injection: SIGTERM, SIGSTOP, SIGCONT (the node's own
/// <see cref="Libc.Signal"/>).</summary>
internal static class Signals
{
    public static void Terminate(int pid) => _ = Libc.Signal(pid, Libc.SigTerm);

    public static void Kill(int pid) => _ = Libc.Signal(pid, Libc.SigKill);

    public static void Stop(int pid) => _ = Libc.Signal(pid, Libc.SigStop);

    public static void Continue(int pid) => _ = Libc.Signal(pid, Libc.SigCont);
}
