using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Understudy.Core.Security;
using Understudy.Core.Vms;
using Understudy.Node.Resources;

namespace Understudy.Node.Vms.Qemu;

/// <summary>
/// Real VMs: boots the Debian kernel and the project's busybox initramfs under
/// <c>qemu-system-x86_64</c>, KVM where it really works and software emulation (TCG) otherwise.
/// The guest agent heartbeats over the second serial port (ttyS1), which QEMU connects to a unix
/// socket in the VM's folder; QMP on another socket drives stop and live migration.
/// </summary>
public sealed partial class QemuVmDriver(QemuDriverOptions options, TimeProvider time, ILogger<QemuVmDriver>? logger = null) : IVmDriver
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <inheritdoc />
    public VmDriverKind Kind => VmDriverKind.Qemu;

    /// <inheritdoc />
    public string? Unavailable
    {
        get
        {
            if (FindOnPath(options.QemuBinary) is null)
            {
                return $"{options.QemuBinary} is not installed (apt-get install qemu-system-x86)";
            }

            return GuestImage.Open(options.GuestImageDirectory).Problem;
        }
    }

    private string ProbeFile => options.KvmProbeFile ?? Path.Combine(options.GuestImageDirectory, "kvm-probe");

    /// <inheritdoc />
    public async Task<IVirtualMachine> StartAsync(VmSettings settings, CancellationToken token = default)
    {
        VmStart.Check(settings, this);
        var step = AccelerationChoice.Decide(options.Acceleration, KvmProbe.DeviceUsable(), KvmProbe.Read(ProbeFile));
        if (step != AccelerationStep.ProbeKvm)
        {
            return Launch(settings, step == AccelerationStep.UseKvm ? "kvm" : "tcg", incomingPort: null);
        }

        var probe = Launch(settings, "kvm", incomingPort: null);
        var first = await Task.WhenAny(probe.FirstLine, probe.Exited, Task.Delay(options.KvmProbeTimeout, time, token));
        if (first == probe.FirstLine)
        {
            KvmProbe.Write(ProbeFile, works: true);
            return probe;
        }

        if (first == probe.Exited && probe.ExitCode == Resources.LeaseGuard.LeaseExpiredExitCode && options.LeaseFile is not null)
        {
            // The guard refused to start QEMU (no lease): says nothing about KVM.
            await probe.DisposeAsync();
            throw new InvalidOperationException($"VM {settings.Name}: this host holds no lease, so the guard did not start QEMU");
        }

        LogKvmBroken(settings.Name, options.KvmProbeTimeout.TotalSeconds);
        KvmProbe.Write(ProbeFile, works: false);
        await probe.DisposeAsync();
        return Launch(settings, "tcg", incomingPort: null);
    }

    /// <summary>Starts a QEMU for <paramref name="settings"/> that waits for a live migration on
    /// <c>tcp:ADDRESS:<paramref name="port"/></c> (<see cref="QemuDriverOptions.IncomingAddress"/>; the target host's side of a planned move).
    /// Uses the accelerator this host already settled on (TCG if it never probed: both sides must match).
    /// Returns once QEMU listens for the migration.</summary>
    public async Task<QemuVm> StartIncomingAsync(VmSettings settings, int port, CancellationToken token = default)
    {
        VmStart.Check(settings, this);
        var step = AccelerationChoice.Decide(options.Acceleration, KvmProbe.DeviceUsable(), KvmProbe.Read(ProbeFile));
        var vm = Launch(settings, step == AccelerationStep.UseKvm ? "kvm" : "tcg", port);
        try
        {
            await vm.WaitForIncomingReadyAsync(token);
        }
        catch
        {
            await vm.DisposeAsync();
            throw;
        }

        return vm;
    }

    private QemuVm Launch(VmSettings settings, string accelerator, int? incomingPort)
    {
        var image = GuestImage.Open(options.GuestImageDirectory).Image!;
        var directory = Path.Combine(options.RootDirectory, settings.Name);
        System.IO.Directory.CreateDirectory(directory);
        foreach (var stale in new[] { "hb.sock", "qmp.sock", "console.log", "qemu.log" })
        {
            File.Delete(Path.Combine(directory, stale));
        }

        var initrd = Path.Combine(directory, "initramfs.gz");
        image.WriteVmInitramfs(settings, Convert.ToHexStringLower(ClusterKeys.ForVm(options.GuestAgentKey.Span, settings.Name)), initrd);

        // One pid from the shell to QEMU, or to the guard that runs it (every step execs); that
        // process leads its own process group, so kill, hang and resume reach QEMU either way.
        var log = Path.Combine(directory, "qemu.log");
        IReadOnlyList<string> command = [options.QemuBinary, .. Arguments(settings, image, directory, initrd, accelerator, incomingPort, options.IncomingAddress)];
        if (options.LeaseFile is { } lease)
        {
            var understudy = options.Understudy ?? (GuardCommandLine.Native is null ? throw new InvalidOperationException("QemuDriverOptions.Understudy is required for the lease guard when the native guard was not built") : new AgentLauncher("understudy", []));
            command = GuardCommandLine.Wrap(lease, log, ProcessGroup.SigTerm, TimeSpan.FromSeconds(10), command, understudy);
        }

        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >>\"$UNDERSTUDY_QEMU_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(ProcessGroup.SetSid);
        foreach (var arg in command)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["UNDERSTUDY_QEMU_LOG"] = log;
        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start qemu-system-x86_64");
        LogStarted(settings.Name, accelerator, process.Id);
        return new QemuVm(settings, directory, process, accelerator, incomingPort, time);
    }

    /// <summary>The QEMU command line: no default devices, ttyS0 to the console log, ttyS1 to the
    /// heartbeat socket, QMP on its own socket. The guest never reboots, and a guest kernel panic
    /// leaves it halted inside a running QEMU (<c>panic=0</c>), as a crashed guest stays on its
    /// host; an NMI makes it panic (<c>unknown_nmi_panic=1</c>, <see cref="QemuVm.CrashGuestAsync"/>).</summary>
    internal static IEnumerable<string> Arguments(VmSettings settings, GuestImage image, string directory, string initrd, string accelerator, int? incomingPort, string incomingAddress = "127.0.0.1")
    {
        string[] args =
        [
            "-name", settings.Name,
            "-accel", accelerator,
            "-m", settings.MemoryMb.ToString(CultureInfo.InvariantCulture),
            "-smp", settings.Cpus.ToString(CultureInfo.InvariantCulture),
            "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
            "-kernel", image.Kernel,
            "-initrd", initrd,
            "-append", "console=ttyS0 panic=0 unknown_nmi_panic=1 quiet",
            "-serial", "file:" + Path.Combine(directory, "console.log"),
            "-chardev", $"socket,id=hb,path={Path.Combine(directory, "hb.sock")},server=on,wait=off",
            "-serial", "chardev:hb",
            "-qmp", $"unix:{Path.Combine(directory, "qmp.sock")},server=on,wait=off",
        ];
        return incomingPort is { } port ? [.. args, "-incoming", $"tcp:{incomingAddress}:{port}"] : args;
    }

    private static string? FindOnPath(string binary)
    {
        if (binary.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(binary) ? binary : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, binary))
            .FirstOrDefault(File.Exists);
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "VM {Vm}: qemu started with {Accelerator}, pid {Pid}")]
    private partial void LogStarted(string vm, string accelerator, int pid);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "VM {Vm}: no heartbeat within {Seconds} s under KVM; KVM does not work here, using software emulation")]
    private partial void LogKvmBroken(string vm, double seconds);
}
