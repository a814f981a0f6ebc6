namespace Understudy.Packaging.Tests;

/// <summary>
/// A clean Debian 12 root (packaging/deb/debian-root.sh: mmdebstrap minbase, cached as a tarball)
/// unpacked into a folder of its own. Commands run in it by <c>chroot</c> inside new mount, PID
/// and network namespaces (<c>unshare</c>): its /proc is its own, nothing is mounted on the
/// machine, and it has no network but its own loopback. Deleted on dispose.
/// </summary>
internal sealed class DebianRoot : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    private DebianRoot(string path) => Path = path;

    public string Path { get; }

    /// <summary>Unpacks a root holding <paramref name="packages"/> (made and cached on first use).</summary>
    public static async Task<DebianRoot> CreateAsync(IEnumerable<string> packages)
    {
        var tarball = await TarballAsync(packages);
        var root = new DebianRoot(Directory.CreateTempSubdirectory("understudy-debroot-").FullName);
        try
        {
            await Shell.CheckAsync("tar", ["-xf", tarball, "-C", root.Path], Step);
            return root;
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>The cached tarball of a root holding <paramref name="packages"/> (made on first use).</summary>
    public static async Task<string> TarballAsync(IEnumerable<string> packages)
    {
        var script = System.IO.Path.Combine(Repository.Root, "packaging", "deb", "debian-root.sh");
        return (await Shell.CheckAsync(script, packages, TimeSpan.FromMinutes(20))).Out.Trim();
    }

    /// <summary>Runs <paramref name="command"/> in the root as root.</summary>
    public Task<Shell.Result> RunAsync(params string[] command) =>
        Shell.RunAsync("unshare", ["--mount", "--pid", "--net", "--fork", $"--mount-proc={System.IO.Path.Combine(Path, "proc")}", "chroot", Path, .. command], Step,
            new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin", ["LANG"] = "C.UTF-8", ["HOME"] = "/root" });

    /// <summary>Runs it and fails the test unless it exits 0.</summary>
    public async Task<Shell.Result> CheckAsync(params string[] command)
    {
        var result = await RunAsync(command);
        Assert.True(result.ExitCode == 0, $"in the Debian root: {string.Join(' ', command)}: {result}");
        return result;
    }

    /// <summary>A path inside the root, as the machine sees it.</summary>
    public string At(string inside) => System.IO.Path.Combine(Path, inside.TrimStart('/'));

    public void Dispose()
    {
        // Unpacked device nodes and read-only folders are removed as any file is, by root.
        Directory.Delete(Path, recursive: true);
    }
}
