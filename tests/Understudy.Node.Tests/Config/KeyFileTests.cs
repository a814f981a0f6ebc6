using Understudy.Core.Config;
using Understudy.Node.Config;

namespace Understudy.Node.Tests.Config;

/// <summary>The node reads its key file only when others cannot (real files, real modes).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KeyFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("understudy-key-").FullName;

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)]
    public void ResolveKey_PrivateFile_IsRead(UnixFileMode mode)
    {
        Assert.SkipUnless(Environment.UserName == "root", "a key file owned by root may be group-readable; this runs as another user");
        var (secret, error) = ClusterFileLoader.ResolveKey(new ClusterKeySource.File(Write(mode)));
        Assert.Null(error);
        Assert.Equal("0123456789abcdef-secret"u8.ToArray(), secret);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "mode 0644")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, "mode 0660")]
    public void ResolveKey_FileOthersCouldUse_IsRefusedWithTheFix(UnixFileMode mode, string what)
    {
        var path = Write(mode);
        var (secret, error) = ClusterFileLoader.ResolveKey(new ClusterKeySource.File(path));
        Assert.Null(secret);
        Assert.NotNull(error);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains(what, error, StringComparison.Ordinal);
        Assert.Contains("chmod 06", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Replace("cluster.keyFile", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private string Write(UnixFileMode mode)
    {
        var path = Path.Combine(_directory, "cluster.key");
        File.WriteAllText(path, "0123456789abcdef-secret\n");
        File.SetUnixFileMode(path, mode);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
