using System.Threading.Channels;
using Understudy.Core.Vms;

namespace Understudy.Node.Vms;

/// <summary>
/// One VM run by a driver on this host. The driver owns the process; VM monitoring reads
/// <see cref="Datagrams"/> and decides about health (<see cref="VmMonitor"/>).
/// </summary>
public interface IVirtualMachine : IAsyncDisposable
{
    /// <summary>The settings it was started with.</summary>
    VmSettings Settings { get; }

    /// <summary>Which driver runs it.</summary>
    VmDriverKind Driver { get; }

    /// <summary>What the driver knows about it.</summary>
    VmRunState State { get; }

    /// <summary>The process that is the VM (process VM: the guest agent, leader of its process
    /// group; QEMU: qemu-system-x86_64), or null once it is gone.</summary>
    int? ProcessId { get; }

    /// <summary>This VM's folder on this host (console log, data, sockets).</summary>
    string Directory { get; }

    /// <summary>The guest's console output (process VM: agent and workload output; QEMU: ttyS0).</summary>
    string ConsoleLogPath { get; }

    /// <summary>The heartbeat channel: every datagram the guest agent sent, unauthenticated as
    /// received (heartbeats and service reports); <see cref="VmMonitor"/> authenticates them.
    /// Completes when the VM is gone.</summary>
    ChannelReader<byte[]> Datagrams { get; }

    /// <summary>Completes when the VM's process has exited, for whatever reason.</summary>
    Task Exited { get; }

    /// <summary>Stops the guest cleanly, forcing it after <paramref name="grace"/>.</summary>
    Task StopAsync(TimeSpan grace, CancellationToken token = default);

    /// <summary>Kills the VM at once (SIGKILL to its process group), as a crash would; waits until it is gone.</summary>
    Task KillAsync();

    /// <summary>
    /// Crashes the guest's operating system while the VM itself keeps running, as a guest kernel
    /// panic or a blue screen does: the VM's process stays, the guest falls silent. Only VM
    /// monitoring notices. QEMU: an NMI that the guest kernel is set to panic on. A process VM has
    /// no guest kernel: it throws <see cref="NotSupportedException"/> (its crash is <see cref="KillAsync"/>).
    /// </summary>
    Task CrashGuestAsync(CancellationToken token = default);

    /// <summary>Freezes the VM (SIGSTOP to its process group): it stays alive but falls silent.</summary>
    void Hang();

    /// <summary>Unfreezes a hung VM (SIGCONT).</summary>
    void Resume();

    /// <summary>The last <paramref name="maxChars"/> characters of the console log, for diagnostics.</summary>
    string ConsoleTail(int maxChars = 4000);
}
