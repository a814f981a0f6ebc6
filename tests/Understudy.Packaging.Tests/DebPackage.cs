using System.Diagnostics;

namespace Understudy.Packaging.Tests;

/// <summary>The .deb, built by packaging/deb/build.sh once for every test of the collection that
/// asks for it (the first <see cref="BuildAsync"/>), or the reason it cannot be: this machine
/// lacks what the tests need.</summary>
public sealed class DebPackage : IAsyncLifetime
{
    private readonly string _out = Directory.CreateTempSubdirectory("understudy-deb-").FullName;
    private readonly SemaphoreSlim _building = new(1, 1);

    /// <summary>Why the tests must skip, or null.</summary>
    public string? SkipReason { get; private set; }

    public string File { get; private set; } = "";

    public TimeSpan BuildTime { get; private set; }

    public ValueTask InitializeAsync()
    {
        SkipReason = Prerequisites.Missing(root: true, "dpkg-deb", "mmdebstrap", "unshare", "chroot", "cc", "tar");
        return ValueTask.CompletedTask;
    }

    /// <summary>The package's path, built on the first call; skips the test if this machine cannot build it.</summary>
    public async Task<string> BuildAsync()
    {
        if (SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        await _building.WaitAsync();
        try
        {
            if (File.Length == 0)
            {
                var clock = Stopwatch.StartNew();
                var script = Path.Combine(Repository.Root, "packaging", "deb", "build.sh");
                // zstd instead of the release's xz: the same files, built in seconds instead of minutes of
                // both cores (Debian 12's dpkg reads either; the install below proves it for zstd).
                File = (await Shell.CheckAsync(script, [_out], TimeSpan.FromMinutes(30), new Dictionary<string, string> { ["UNDERSTUDY_DEB_COMPRESSION"] = "zstd" })).Out.Trim();
                BuildTime = clock.Elapsed;
            }

            return File;
        }
        finally
        {
            _building.Release();
        }
    }

    /// <summary>A control field of the package (dpkg-deb -f).</summary>
    public async Task<string> FieldAsync(string name) =>
        (await Shell.CheckAsync("dpkg-deb", ["-f", await BuildAsync(), name], TimeSpan.FromMinutes(1))).Out.Trim();

    /// <summary>The package names of a relation field ("libc6 (>= 2.36), libssl3" → libc6, libssl3).</summary>
    public async Task<IEnumerable<string>> PackagesOfAsync(string field) =>
        (await FieldAsync(field)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => d.Split(' ')[0]);

    /// <summary>Writes the package's files as <paramref name="version"/> to <paramref name="deb"/>
    /// (dpkg-deb -R, the control file's Version changed, dpkg-deb -b): an upgrade without a second build.</summary>
    public async Task RepackAsync(string version, string deb)
    {
        var tree = Path.Combine(_out, "repack-" + version);
        await Shell.CheckAsync("dpkg-deb", ["-R", await BuildAsync(), tree], TimeSpan.FromMinutes(2));
        var control = Path.Combine(tree, "DEBIAN", "control");
        var lines = (await System.IO.File.ReadAllLinesAsync(control)).Select(l => l.StartsWith("Version:", StringComparison.Ordinal) ? "Version: " + version : l);
        await System.IO.File.WriteAllLinesAsync(control, lines);
        await Shell.CheckAsync("dpkg-deb", ["--root-owner-group", "-Zzstd", "-b", tree, deb], TimeSpan.FromMinutes(2));
        Directory.Delete(tree, recursive: true);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_out, recursive: true);
        _building.Dispose();
        return ValueTask.CompletedTask;
    }
}
