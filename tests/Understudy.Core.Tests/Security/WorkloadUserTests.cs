using Understudy.Core.Security;

namespace Understudy.Core.Tests.Security;

/// <summary>A process resource's <c>user:</c>: which names are accepted, and that its workload
/// can never read the file that holds the cluster key.</summary>
public sealed class WorkloadUserTests
{
    private const UnixFileMode R0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode R0640 = R0600 | UnixFileMode.GroupRead;

    [Theory]
    [InlineData("nobody", true)]
    [InlineData("kv-service", true)]
    [InlineData("_apt", true)]
    [InlineData("machine$", true)]
    [InlineData("65534", true)]
    [InlineData("0", true)]
    [InlineData("", false)]
    [InlineData("Root", false)]
    [InlineData("9user", false)]
    [InlineData("-x", false)]
    [InlineData("a b", false)]
    [InlineData("$", false)]
    [InlineData("99999999999", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", false)]
    public void IsValid(string user, bool valid) => Assert.Equal(valid, WorkloadUser.IsValid(user));

    [Fact]
    public void SecretReadableBy_RootOwned0600_OtherUserCannot() =>
        Assert.Null(WorkloadUser.SecretReadableBy("nobody", 65534, [65534], "/etc/understudy/key", 0, 0, R0600));

    [Fact]
    public void SecretReadableBy_GroupReadableAndUserInThatGroup_Refused()
    {
        var problem = WorkloadUser.SecretReadableBy("kv", 1001, [1001, 998], "/etc/understudy/key", 0, 998, R0640);

        Assert.Equal("user kv is in its group (998), so its workload could read the cluster key in /etc/understudy/key; give the key file to root with mode 0600 (chown root: /etc/understudy/key && chmod 0600 /etc/understudy/key), or run the workload as a user outside its group", problem);
    }

    [Fact]
    public void SecretReadableBy_GroupReadableButUserOutsideTheGroup_Allowed() =>
        Assert.Null(WorkloadUser.SecretReadableBy("kv", 1001, [1001], "/etc/understudy/key", 0, 998, R0640));

    [Fact]
    public void SecretReadableBy_UserOwnsTheFile_Refused() =>
        Assert.StartsWith("user kv owns it", WorkloadUser.SecretReadableBy("kv", 1001, [1001], "/k", 1001, 1001, R0600), StringComparison.Ordinal);

    [Fact]
    public void SecretReadableBy_WorldReadable_Refused() =>
        Assert.StartsWith("user kv may read it as anyone may", WorkloadUser.SecretReadableBy("kv", 1001, [1001], "/k", 0, 0, R0600 | UnixFileMode.OtherRead), StringComparison.Ordinal);

    [Fact]
    public void SecretReadableBy_Root_Refused() =>
        Assert.StartsWith("user root is root", WorkloadUser.SecretReadableBy("root", 0, [0], "/k", 0, 0, R0600), StringComparison.Ordinal);
}
