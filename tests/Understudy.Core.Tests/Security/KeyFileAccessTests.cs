using Understudy.Core.Security;

namespace Understudy.Core.Tests.Security;

public sealed class KeyFileAccessTests
{
    private const uint Root = 0;
    private const uint Service = 998;

    [Theory]
    [InlineData(0b110_000_000, Root, Root)]      // 0600
    [InlineData(0b110_100_000, Root, Service)]   // 0640 root:understudy, read by the service user
    [InlineData(0b100_000_000, Root, Root)]      // 0400
    [InlineData(0b110_000_000, Service, Service)]
    [InlineData(0b100_000_000, Service, Service)]
    public void Problem_PrivateEnough_IsNone(int mode, uint owner, uint reader) =>
        Assert.Null(KeyFileAccess.Problem("/etc/understudy/cluster.key", (UnixFileMode)mode, owner, reader));

    [Theory]
    [InlineData(0b110_100_100, Root, Root, "mode 0644", "chmod 0640")]
    [InlineData(0b110_110_000, Root, Root, "mode 0660", "chmod 0640")]
    [InlineData(0b110_000_100, Root, Service, "mode 0604", "chmod 0640")]
    [InlineData(0b111_000_000, Root, Root, "mode 0700", "chmod 0640")]
    [InlineData(0b110_100_000, Service, Service, "mode 0640", "chmod 0600")]
    [InlineData(0b110_000_000, 1000, Service, "belongs to user 1000", "chown root:")]
    public void Problem_TooOpen_SaysWhatAndHowToFix(int mode, uint owner, uint reader, string what, string fix)
    {
        var problem = KeyFileAccess.Problem("/etc/understudy/cluster.key", (UnixFileMode)mode, owner, reader);
        Assert.NotNull(problem);
        Assert.StartsWith("cluster.keyFile: /etc/understudy/cluster.key", problem, StringComparison.Ordinal);
        Assert.Contains(what, problem, StringComparison.Ordinal);
        Assert.Contains(fix, problem, StringComparison.Ordinal);
    }
}
