using Understudy.Node.Native;

namespace Understudy.Node.Vms;

/// <summary>
/// POSIX process groups: a VM's processes form one group, so kill, hang and resume reach the
/// whole tree at once, including the workload's own children.
/// </summary>
internal static class ProcessGroup
{
    public const int SigKill = Libc.SigKill;
    public const int SigTerm = Libc.SigTerm;
    public const int SigCont = Libc.SigCont;
    public const int SigStop = Libc.SigStop;

    /// <summary>The launcher that puts a child into a new session (and so a new process group)
    /// before it execs. <c>setsid</c> execs in place when its caller is not a group leader, which a
    /// child started by .NET never is, so the VM's pid is also its group id.</summary>
    public const string SetSid = "setsid";

    /// <summary>Sends <paramref name="signal"/> to every process of the group that <paramref name="leader"/>
    /// leads — which outlives the leader while any member lives — or, if there is no such group
    /// (the launcher has not reached setsid yet), to the leader alone. False if nothing was signalled.</summary>
    public static bool Signal(int leader, int signal) => Libc.Signal(-leader, signal) || Libc.Signal(leader, signal);

    /// <summary>A VM's state after asking its group to hang: Hung if it was running and SIGSTOP reached it.</summary>
    public static VmRunState Hang(int leader, VmRunState state) =>
        state == VmRunState.Running && Signal(leader, SigStop) ? VmRunState.Hung : state;

    /// <summary>A VM's state after asking its group to resume: running if it was hung and SIGCONT reached it.</summary>
    public static VmRunState Resume(int leader, VmRunState state) =>
        state == VmRunState.Hung && Signal(leader, SigCont) ? VmRunState.Running : state;
}
