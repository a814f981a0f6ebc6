using Understudy.Cli.Commands;

namespace Understudy.Cli.Tests.Commands;

/// <summary>The defaults an installed host relies on: the data directory under systemd's
/// StateDirectory, and /etc/understudy/cluster.yaml when no --file is given.</summary>
public sealed class HostDefaultsTests
{
    [Fact]
    public void NodeDefault_StateDirectorySet_UsesIt()
    {
        Assert.Equal("/var/lib/understudy/prod/alpha", DataDirectories.NodeDefault("/var/lib/understudy", "/home/x", "prod", "alpha"));
    }

    [Fact]
    public void NodeDefault_SeveralStateDirectories_UsesTheFirst()
    {
        Assert.Equal("/var/lib/understudy/prod/alpha", DataDirectories.NodeDefault("/var/lib/understudy:/var/lib/other", "/home/x", "prod", "alpha"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(":")]
    public void NodeDefault_NoStateDirectory_UsesTheCurrentDirectory(string? state)
    {
        Assert.Equal("/home/x/.understudy/prod/alpha", DataDirectories.NodeDefault(state, "/home/x", "prod", "alpha"));
    }

    [Fact]
    public async Task NodeRun_NoFileGiven_ReadsTheInstalledClusterFile()
    {
        if (File.Exists(HostPaths.ClusterFile))
        {
            // This test checks the message for a machine without one; a host that has one would start a node.
            Assert.Skip($"{HostPaths.ClusterFile} exists on this machine; this test needs a machine without one");
        }

        var (code, _, error) = await CliProcess.RunAsync("node", "run", "--node", "alpha");

        Assert.Equal(2, code);
        Assert.Contains(HostPaths.ClusterFile, error, StringComparison.Ordinal);
    }
}
