namespace Understudy.Packaging.Tests;

/// <summary>What a packaging test needs of this machine; a test skips, saying what is missing,
/// when <see cref="Missing"/> names anything.</summary>
internal static class Prerequisites
{
    /// <summary>Set to 1 to run these tests. They build the package (a self-contained ReadyToRun
    /// publish, minutes of both cores), which would starve the timing-sensitive process tests of
    /// the other projects running beside them; .ci/run runs them on their own after those.</summary>
    public const string OptIn = "UNDERSTUDY_PACKAGE_TESTS";

    /// <summary>Null when every one is there, else what is missing and how to get it.</summary>
    public static string? Missing(bool root, params string[] commands)
    {
        if (Environment.GetEnvironmentVariable(OptIn) != "1")
        {
            return $"builds the packages (minutes of CPU); set {OptIn}=1 to run it (.ci/run does, after the other tests)";
        }

        var missing = new List<string>();
        if (root && !Environment.IsPrivilegedProcess)
        {
            missing.Add("root (to unpack a Debian root and chroot into it)");
        }

        foreach (var command in commands)
        {
            if (!OnPath(command))
            {
                missing.Add($"the command {command} (.ci/install installs it)");
            }
        }

        return missing.Count == 0 ? null : "needs " + string.Join(", ", missing);
    }

    /// <summary>Whether <paramref name="command"/> is on PATH (or in /usr/sbin, /sbin).</summary>
    public static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Any(dir => File.Exists(Path.Combine(dir, command)));
}
