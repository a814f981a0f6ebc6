using System.Diagnostics;
using Understudy.Node.Vms.Libvirt;

namespace Understudy.Node.Tests.Vms;

/// <summary>
/// libvirtd for the libvirt tests. <c>.ci/install</c> starts it; where it is installed but not
/// running and the tests run as root (no systemd here), this starts it the same way:
/// <c>virtlogd -d</c>, <c>virtlockd -d</c>, <c>libvirtd -d</c>, then waits until it answers.
/// </summary>
internal static class LibvirtDaemon
{
    public const string Uri = "qemu:///system";

    private static readonly Lazy<string?> Problem = new(Start);

    /// <summary>Why the libvirt tests cannot run here, or null.</summary>
    public static string? Skip => Problem.Value;

    private static string? Start() => Answer() ?? Warm();

    private static string? Answer()
    {
        if (Reachable() is null)
        {
            return null;
        }

        if (!File.Exists("/usr/sbin/libvirtd"))
        {
            return "libvirtd is not installed (apt-get install libvirt-daemon-system libvirt-clients; .ci/install does)";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return $"libvirtd does not answer at {Uri} and starting it needs root: {Reachable()}";
        }

        foreach (var daemon in new[] { "virtlogd", "virtlockd", "libvirtd" })
        {
            using var start = Process.Start(new ProcessStartInfo($"/usr/sbin/{daemon}", "-d") { UseShellExecute = false });
            start!.WaitForExit();
        }

        var deadline = Stopwatch.StartNew();
        string? problem;
        while ((problem = Reachable()) is not null && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(100);
        }

        return problem is null ? null : $"libvirtd was started but does not answer: {problem}";
    }

    /// <summary>
    /// libvirtd probes QEMU's capabilities (it runs the emulator and queries it) the first time a
    /// domain needs them after it started or QEMU changed, and caches them in
    /// /var/cache/libvirt/qemu: a probe under load took 53 s in CI, inside a test's wait for its
    /// role. Asked for here, before any test starts a cluster, with a deadline of its own. (That
    /// CI machine probed on every define and start: its /dev/kvm was root-only, so libvirt found
    /// KVM when probing as root and threw the cache away when the libvirt-qemu user could not open
    /// it; .ci/install gives /dev/kvm the group udev gives it on Debian.)
    /// </summary>
    private static string? Warm()
    {
        var start = new ProcessStartInfo("virsh", ["-q", "-c", Uri, "domcapabilities", "--virttype", "qemu"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var virsh = Process.Start(start)!;
            var output = virsh.StandardOutput.ReadToEndAsync();
            var error = virsh.StandardError.ReadToEndAsync();
            if (!virsh.WaitForExit(WarmWithin))
            {
                virsh.Kill();
                return $"libvirtd at {Uri} did not give QEMU's capabilities within {WarmWithin.TotalSeconds} s";
            }

            _ = output.Result;
            return virsh.ExitCode == 0 ? null : $"virsh domcapabilities at {Uri} failed: {error.Result.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;   // no virsh: the tests that need it skip on their own (Requires.Command)
        }
    }

    private static readonly TimeSpan WarmWithin = TimeSpan.FromMinutes(5);

    /// <summary>How long a connection attempt may take: a wedged libvirtd accepts the socket and
    /// never answers, and a native call into it would block the test run for good.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(15);

    private static string? Reachable()
    {
        var open = Task.Run(() =>
        {
            var (connection, problem) = LibvirtConnection.Open(Uri);
            connection?.Dispose();
            return problem;
        });
        return open.Wait(AnswerWithin)
            ? open.Result
            : $"libvirtd at {Uri} accepts connections but does not answer within {AnswerWithin.TotalSeconds} s (a wedged daemon: restart it; .ci/install does)";
    }
}
