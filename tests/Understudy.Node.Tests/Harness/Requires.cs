namespace Understudy.Node.Tests.Harness;

/// <summary>
/// Prerequisites a test cannot run without. A missing one skips the test with the reason and what
/// installs it (xunit v3's dynamic skip), never a silent pass. <c>.ci/install</c> provides all of
/// them, and CI runs as root.
/// </summary>
internal static class Requires
{
    /// <summary>Skips unless the test runs as root (network namespaces, bpf, nftables).</summary>
    public static void Root(string why)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Skip($"needs root ({why}); CI runs as root");
        }
    }

    /// <summary>Skips unless <paramref name="command"/> is on the PATH.</summary>
    public static void Command(string command, string debianPackage)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
        if (!path.Split(':').Any(dir => File.Exists(Path.Combine(dir, command))))
        {
            Assert.Skip($"'{command}' is not installed (apt-get install {debianPackage}; .ci/install does)");
        }
    }
}
