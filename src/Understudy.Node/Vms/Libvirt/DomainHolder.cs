using System.Diagnostics;
using Understudy.Node.Resources;

namespace Understudy.Node.Vms.Libvirt;

/// <summary>
/// The lease fence of a libvirt domain. libvirtd, not the node, is QEMU's parent, so the node's
/// lease guard cannot kill QEMU itself; instead the guard runs a <c>virsh</c> that starts the
/// domain with <c>--autodestroy</c> and then stays connected. libvirtd destroys an autodestroy
/// domain when the connection that started it closes, so when the lease ends (the node killed,
/// frozen or cut off) the guard kills this <c>virsh</c>, its connection closes, and the domain
/// is destroyed — measured: shut off by the next state read after the kill. A guard that finds
/// no lease starts nothing (exit 75): the domain is started only under the role's lease.
/// </summary>
internal sealed class DomainHolder : IDisposable
{
    /// <summary>What the holder prints once virsh has run the start (successful or not).</summary>
    public const string Marker = "understudy-holder-ran-start";

    private readonly Process _process;

    private DomainHolder(Process process, string log)
    {
        _process = process;
        LogPath = log;
    }

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string Log => ConsoleLog.Tail(LogPath, 2000);

    /// <summary>Starts the guard, which starts <c>virsh</c>, which starts <paramref name="domain"/>.</summary>
    public static DomainHolder Start(LibvirtDriverOptions options, string domain, string directory)
    {
        var log = Path.Combine(directory, "holder.log");
        File.Delete(log);

        // virsh reads its commands from a pipe that stays open (sleep), so it stays connected.
        var script = $"{{ echo \"start --autodestroy {domain}\"; echo \"echo {Marker}\"; exec sleep 2147483647; }} | exec \"$0\" -q -c \"$1\"";
        IReadOnlyList<string> command = ["/bin/sh", "-c", script, options.Virsh, options.Uri];
        var understudy = options.Understudy ?? (GuardCommandLine.Native is null ? throw new InvalidOperationException("LibvirtDriverOptions.Understudy is required for the lease guard when the native guard was not built") : new AgentLauncher("understudy", []));
        command = GuardCommandLine.Wrap(options.LeaseFile!, log, ProcessGroup.SigKill, TimeSpan.FromSeconds(1), command, understudy);
        var start = new ProcessStartInfo(ProcessGroup.SetSid) { UseShellExecute = false, RedirectStandardInput = false };
        foreach (var arg in command)
        {
            start.ArgumentList.Add(arg);
        }

        return new DomainHolder(Process.Start(start) ?? throw new InvalidOperationException("could not start the domain's lease guard"), log);
    }

    /// <summary>Ends the holder (the domain, if it still runs, is destroyed by libvirtd).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            ProcessGroup.Signal(_process.Id, ProcessGroup.SigKill);
        }
    }

    public Task WaitAsync() => _process.WaitForExitAsync();

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
