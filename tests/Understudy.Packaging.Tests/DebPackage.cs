using System.Diagnostics;

namespace Understudy.Packaging.Tests;

/// <summary>The .deb, built once for the tests of a class by packaging/deb/build.sh (or the
/// reason it could not be: this machine lacks what the tests need).</summary>
public sealed class DebPackage : IAsyncLifetime
{
    private readonly string _out = Directory.CreateTempSubdirectory("understudy-deb-").FullName;

    /// <summary>Why the tests must skip, or null.</summary>
    public string? SkipReason { get; private set; }

    public string File { get; private set; } = "";

    public TimeSpan BuildTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        SkipReason = Prerequisites.Missing(root: true, "dpkg-deb", "mmdebstrap", "unshare", "chroot", "cc", "tar");
        if (SkipReason is not null)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var script = Path.Combine(Repository.Root, "packaging", "deb", "build.sh");
        // zstd instead of the release's xz: the same files, built in seconds instead of minutes of
        // both cores (Debian 12's dpkg reads either; the install below proves it for zstd).
        File = (await Shell.CheckAsync(script, [_out], TimeSpan.FromMinutes(30), new Dictionary<string, string> { ["UNDERSTUDY_DEB_COMPRESSION"] = "zstd" })).Out.Trim();
        BuildTime = clock.Elapsed;
    }

    /// <summary>A control field of the package (dpkg-deb -f).</summary>
    public async Task<string> FieldAsync(string name) =>
        (await Shell.CheckAsync("dpkg-deb", ["-f", File, name], TimeSpan.FromMinutes(1))).Out.Trim();

    /// <summary>Writes the package's files as <paramref name="version"/> to <paramref name="deb"/>
    /// (dpkg-deb -R, the control file's Version changed, dpkg-deb -b): an upgrade without a second build.</summary>
    public async Task RepackAsync(string version, string deb)
    {
        var tree = Path.Combine(_out, "repack-" + version);
        await Shell.CheckAsync("dpkg-deb", ["-R", File, tree], TimeSpan.FromMinutes(2));
        var control = Path.Combine(tree, "DEBIAN", "control");
        var lines = (await System.IO.File.ReadAllLinesAsync(control)).Select(l => l.StartsWith("Version:", StringComparison.Ordinal) ? "Version: " + version : l);
        await System.IO.File.WriteAllLinesAsync(control, lines);
        await Shell.CheckAsync("dpkg-deb", ["--root-owner-group", "-Zzstd", "-b", tree, deb], TimeSpan.FromMinutes(2));
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_out, recursive: true);
        return ValueTask.CompletedTask;
    }
}
