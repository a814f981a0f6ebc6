using System.Diagnostics;

namespace Understudy.Node.Vms.Agent;

/// <summary>
/// Starts a process VM's workload under <c>setpriv --pdeathsig KILL</c> (util-linux) when it is
/// there, so the kernel kills the workload when the agent dies, even by SIGKILL of the agent
/// alone (a VM's processes die together, as a guest's do). The parent-death signal follows the
/// thread that forked, so the fork happens on a thread that lives as long as the agent (as
/// <see cref="Resources.LeaseGuard"/> does).
/// </summary>
internal static class WorkloadFork
{
    private const string SetPriv = "/usr/bin/setpriv";

    private static readonly ManualResetEventSlim Forever = new(false);

    /// <summary>A start of <c>/bin/sh</c>, wrapped when setpriv is installed.</summary>
    public static ProcessStartInfo Shell()
    {
        var wrap = File.Exists(SetPriv);
        var start = new ProcessStartInfo(wrap ? SetPriv : "/bin/sh") { UseShellExecute = false };
        if (wrap)
        {
            foreach (var argument in new[] { "--pdeathsig", "KILL", "--", "/bin/sh" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        return start;
    }

    public static Process? Start(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var forker = new Thread(() =>
        {
            try
            {
                started.SetResult(Process.Start(start));
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                started.SetException(e);
            }

            Forever.Wait(); // keep the forking thread, and with it the parent-death signal, alive
        })
        { IsBackground = true, Name = "workload-forker" };
        forker.Start();
        return started.Task.GetAwaiter().GetResult();
    }
}
