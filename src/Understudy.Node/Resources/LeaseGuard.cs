using System.Diagnostics;
using System.Runtime.InteropServices;
using Understudy.Node.Failover;
using Understudy.Node.Native;

namespace Understudy.Node.Resources;

/// <summary>
/// <c>understudy guard</c>: runs one workload and kills it the moment the node's lease file says
/// the lease has ended. It is its own process, so a node frozen by SIGSTOP, killed, or cut off
/// from the cluster cannot keep its workloads running past the lease: the guard does not depend
/// on the node being scheduled. It forwards the stop signal on SIGTERM, kills the workload after
/// the stop timeout, writes the workload's output to a log file, and exits with its exit code.
/// </summary>
public static class LeaseGuard
{
    /// <summary>Exit code when the guard killed the workload because the lease ended.</summary>
    public const int LeaseExpiredExitCode = 75;

    /// <summary>Runs the guard until the workload exits.</summary>
    /// <param name="leaseFile">The node's lease file.</param>
    /// <param name="logFile">Where the workload's output goes (appended).</param>
    /// <param name="stopSignal">Signal forwarded on SIGTERM.</param>
    /// <param name="stopTimeout">Time between the stop signal and SIGKILL.</param>
    /// <param name="command">The workload and its arguments.</param>
    /// <param name="time">Clock (system).</param>
    /// <param name="user">The account the workload runs as (through setpriv), or null.</param>
    public static async Task<int> RunAsync(string leaseFile, string logFile, int stopSignal, TimeSpan stopTimeout, IReadOnlyList<string> command, TimeProvider time, string? user = null)
    {
        // Signals first: a stop that arrives while the guard is still starting must never make
        // the guard exit and leave its workload behind.
        using var stopping = new CancellationTokenSource();
        var registrations = StopSignals(stopping);
        try
        {
            if (!Holds(leaseFile, time) || stopping.IsCancellationRequested)
            {
                return LeaseExpiredExitCode;
            }

            using var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            if (user is not null && AsUser(user) is null)
            {
                await log.WriteLineAsync($"understudy guard: cannot run as {user}: no such account, or no {SetPriv} (util-linux) to switch to it");
                return CannotSwitchUser;
            }

            using var child = StartChild(command, user is null ? [] : AsUser(user)!);
            try
            {
                return await SuperviseAsync(child, log, leaseFile, stopSignal, stopTimeout, stopping.Token, time);
            }
            finally
            {
                if (!child.HasExited)
                {
                    KillTree(child);
                }
            }
        }
        finally
        {
            registrations.ForEach(r => r.Dispose());
        }
    }

    /// <summary>
    /// Holds <paramref name="address"/> instead of running a workload: adds it once the lease is
    /// seen to hold, and removes it when the lease ends (exit 75), on a stop signal (exit 0), or
    /// when the guard fails (exit 1). So an address is fenced as a process is: a node that lost
    /// its lease, frozen or cut off, stops answering for the address when its lease runs out,
    /// whatever the node itself does. The address exists only while a guard that saw the lease
    /// runs; the node announces it (<see cref="AddressInstance"/>).
    /// </summary>
    public static async Task<int> HoldAsync(string leaseFile, string logFile, HeldAddress address, TimeProvider time)
    {
        using var stopping = new CancellationTokenSource();
        var registrations = StopSignals(stopping);
        using var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        try
        {
            if (!Holds(leaseFile, time) || stopping.IsCancellationRequested)
            {
                return LeaseExpiredExitCode;
            }

            if (AddressKernel.Find(address.Device) is not { } link)
            {
                log.WriteLine($"understudy guard: no interface {address.Device}");
                return 1;
            }

            var index = AddressKernel.IndexOf(link);
            if (AddressKernel.Add(index, address.Address, address.PrefixLength) is var added and not 0)
            {
                log.WriteLine($"understudy guard: cannot add {address.Cidr} to {address.Device}: errno {added}");
                return 1;
            }

            try
            {
                while (!stopping.IsCancellationRequested)
                {
                    var left = LeaseFile.Read(leaseFile) is { } deadline ? time.GetElapsedTime(time.GetTimestamp(), deadline) : TimeSpan.Zero;
                    if (left <= TimeSpan.Zero)
                    {
                        log.WriteLine($"understudy guard: lease expired, {address.Cidr} removed");
                        return LeaseExpiredExitCode;
                    }

                    await Task.WhenAny(Task.Delay(left < FailoverOptions.GuardPoll ? left : FailoverOptions.GuardPoll, time, stopping.Token));
                }

                return 0;
            }
            finally
            {
                if (AddressKernel.Delete(index, address.Address, address.PrefixLength) is var removed and not 0)
                {
                    log.WriteLine($"understudy guard: cannot remove {address.Cidr} from {address.Device}: errno {removed}");
                }
            }
        }
        finally
        {
            registrations.ForEach(r => r.Dispose());
        }
    }

    private static List<PosixSignalRegistration> StopSignals(CancellationTokenSource stopping) =>
        new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGHUP }
            .Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                stopping.Cancel();
            }))
            .ToList();

    /// <summary>
    /// Starts the workload under <c>setpriv --pdeathsig KILL</c> (util-linux) when available, so
    /// the kernel kills it if the guard itself dies, even by SIGKILL. The parent-death signal
    /// follows the thread that forked, so the fork happens on a thread that lives as long as the
    /// guard.
    /// </summary>
    private static Process StartChild(IReadOnlyList<string> command, string[] asUser)
    {
        var wrap = File.Exists(SetPriv);
        var start = new ProcessStartInfo(wrap ? SetPriv : command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (wrap ? [.. asUser, "--pdeathsig", "KILL", "--", .. command] : command.Skip(1)))
        {
            start.ArgumentList.Add(argument);
        }

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        var forker = new Thread(() =>
        {
            try
            {
                started.SetResult(Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]}"));
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                started.SetException(e);
            }

            Forever.Wait(); // keep the forking thread, and with it the parent-death signal, alive
        })
        { IsBackground = true, Name = "guard-forker" };
        forker.Start();
        return started.Task.GetAwaiter().GetResult();
    }

    private const string SetPriv = "/usr/bin/setpriv";

    /// <summary>Exit code when the workload could not be started as its user (as the native guard's 126).</summary>
    private const int CannotSwitchUser = 126;

    // setpriv's options that make the workload that account (its groups, then gid, then uid;
    // setpriv sets the parent-death signal after them, since a change of credentials clears it).
    private static string[]? AsUser(string user) =>
        File.Exists(SetPriv) && Native.Libc.FindUser(user) is { } account
            ? ["--reuid", account.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--regid", account.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--init-groups"]
            : null;

    private static readonly ManualResetEventSlim Forever = new(false);

    private static async Task<int> SuperviseAsync(Process child, StreamWriter log, string leaseFile, int stopSignal, TimeSpan stopTimeout, CancellationToken stopping, TimeProvider time)
    {
        var gate = new object();
        child.OutputDataReceived += (_, e) => Write(log, gate, e.Data);
        child.ErrorDataReceived += (_, e) => Write(log, gate, e.Data);
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();

        var exited = child.WaitForExitAsync();
        long? stopBy = null; // once a stop was asked for: when to SIGKILL
        while (!exited.IsCompleted)
        {
            if (stopping.IsCancellationRequested && stopBy is null)
            {
                Libc.Signal(child.Id, stopSignal);
                stopBy = time.GetTimestamp() + (long)(stopTimeout.TotalSeconds * time.TimestampFrequency);
            }

            // The lease is checked even while stopping: nothing runs past it, grace period or not.
            var deadline = LeaseFile.Read(leaseFile);
            var left = deadline is { } d ? time.GetElapsedTime(time.GetTimestamp(), d) : TimeSpan.Zero;
            if (left <= TimeSpan.Zero)
            {
                KillTree(child);
                await exited;
                Write(log, gate, "understudy guard: lease expired, workload killed");
                return LeaseExpiredExitCode;
            }

            var grace = stopBy is { } by ? time.GetElapsedTime(time.GetTimestamp(), by) : TimeSpan.MaxValue;
            if (grace <= TimeSpan.Zero)
            {
                KillTree(child);
                break;
            }

            // Wake at the deadline or the end of the grace period, or after a poll interval to
            // notice a lease cut short or a stop.
            var wait = new[] { left, grace, FailoverOptions.GuardPoll }.Min();
            await Task.WhenAny(exited, Task.Delay(wait, time));
        }

        await exited;
        return child.ExitCode;
    }

    private static bool Holds(string leaseFile, TimeProvider time) =>
        LeaseFile.Read(leaseFile) is { } deadline && time.GetTimestamp() < deadline;

    private static void KillTree(Process child)
    {
        try
        {
            child.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    private static void Write(StreamWriter log, object gate, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            log.WriteLine(line);
        }
    }
}
