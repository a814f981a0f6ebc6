namespace Understudy.Cli.Tests.Scripting;

/// <summary><c>understudy init</c>: a valid cluster file for real machines, its key in a 0600 file.</summary>
public sealed class InitCommandTests
{
    [Fact]
    public async Task Init_ThreeNodes_WritesAFileThatValidatesAndAnOwnerOnlyKey()
    {
        var dir = Directory.CreateTempSubdirectory("understudy-init-").FullName;
        var file = Path.Combine(dir, "cluster.yaml");

        var init = await CliProcess.RunAsync("init", "--name", "prod", "--node", "a=10.0.0.11", "--node", "b=10.0.0.12", "--node", "c=10.0.0.13", "-o", file);
        var validate = await CliProcess.RunAsync("validate", "-f", file);
        var again = await CliProcess.RunAsync("init", "--name", "prod", "--node", "a=10.0.0.11", "-o", file);

        Assert.True(init.ExitCode == 0, init.Error);
        Assert.True(validate.ExitCode == 0, validate.Error);
        Assert.Contains("3 nodes", validate.Out, StringComparison.Ordinal);
        var key = Path.Combine(dir, "cluster.key");
        Assert.True((await File.ReadAllTextAsync(key)).Trim().Length >= 43);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(key));
        Assert.DoesNotContain((await File.ReadAllTextAsync(key)).Trim(), await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_BadAddress_NamesItAndWritesNothing()
    {
        var dir = Directory.CreateTempSubdirectory("understudy-init-").FullName;
        var file = Path.Combine(dir, "cluster.yaml");

        var (code, _, error) = await CliProcess.RunAsync("init", "--name", "prod", "--node", "a=10.0.0.300", "-o", file);

        Assert.Equal(2, code);
        Assert.Contains("nodes[0].address", error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(Path.Combine(dir, "cluster.key")));
    }
}
