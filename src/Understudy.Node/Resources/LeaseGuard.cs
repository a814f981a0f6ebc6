using System.Diagnostics;
using System.Runtime.InteropServices;
using Understudy.Node.Failover;

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
    public static async Task<int> RunAsync(string leaseFile, string logFile, int stopSignal, TimeSpan stopTimeout, IReadOnlyList<string> command, TimeProvider time)
    {
        if (!Holds(leaseFile, time))
        {
            return LeaseExpiredExitCode;
        }

        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]}");
        var gate = new object();
        child.OutputDataReceived += (_, e) => Write(log, gate, e.Data);
        child.ErrorDataReceived += (_, e) => Write(log, gate, e.Data);
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();

        using var stopping = new CancellationTokenSource();
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopping.Cancel();
        });

        var exited = child.WaitForExitAsync();
        while (!exited.IsCompleted)
        {
            if (stopping.IsCancellationRequested)
            {
                PosixProcess.Signal(child.Id, stopSignal);
                if (await Task.WhenAny(exited, Task.Delay(stopTimeout, time)) != exited)
                {
                    KillTree(child);
                }

                await exited;
                return child.ExitCode;
            }

            if (!Holds(leaseFile, time))
            {
                KillTree(child);
                await exited;
                Write(log, gate, "understudy guard: lease expired, workload killed");
                return LeaseExpiredExitCode;
            }

            await Task.WhenAny(exited, Task.Delay(FailoverOptions.GuardPoll, time));
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
        catch (InvalidOperationException)
        {
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
