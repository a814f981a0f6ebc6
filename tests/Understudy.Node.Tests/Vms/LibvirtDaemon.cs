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

    private static string? Start()
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
