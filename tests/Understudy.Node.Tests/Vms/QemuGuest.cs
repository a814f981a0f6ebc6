using System.Diagnostics;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Vms;

/// <summary>
/// Finds QEMU and the guest image for the QEMU tests, building the image with
/// tools/vm/build-guest.sh (idempotent, cached) when QEMU is installed but the image is not built.
/// </summary>
public sealed class QemuGuest
{
    public QemuGuest()
    {
        var repo = Repository.Root;
        ImageDirectory = Environment.GetEnvironmentVariable("UNDERSTUDY_GUEST_DIR") ?? Path.Combine(repo, ".understudy", "guest");
        if (!File.Exists("/usr/bin/qemu-system-x86_64"))
        {
            Skip = "qemu-system-x86_64 is not installed here (.ci/install installs it with apt-get: qemu-system-x86 busybox-static)";
            return;
        }

        if (!File.Exists(Path.Combine(ImageDirectory, "vmlinuz")) || !File.Exists(Path.Combine(ImageDirectory, "initramfs.gz")))
        {
            Skip = Build(repo);
        }
    }

    /// <summary>Why the QEMU tests cannot run here, or null.</summary>
    public string? Skip { get; }

    public string ImageDirectory { get; }

    private static string? Build(string repo)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(repo, "tools", "vm", "build-guest.sh"));
        using var build = Process.Start(start)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var error = build.StandardError.ReadToEnd();
        build.WaitForExit();
        return build.ExitCode == 0 ? null : $"the guest image could not be built: {error}{output.Result}";
    }
}
