namespace Understudy.Cli.Tests.Commands;

/// <summary>Bad input is refused with a message that says what and where, and nothing starts.</summary>
public sealed class BadInputTests
{
    private const string BadFile = """
        cluster:
          name: demo
          key: "a-long-enough-cluster-key"
        nodes:
          - name: alpha
            address: 127.0.0.300
          - name: alpha
            address: 127.0.0.12
        """;

    [Fact]
    public async Task Validate_BadFile_ListsEveryProblemWithItsPathAndExitsTwo()
    {
        var path = CliProcess.WriteTemp(BadFile);

        var (code, _, error) = await CliProcess.RunAsync("validate", "-f", path);

        Assert.Equal(2, code);
        Assert.Contains("nodes[0].address", error, StringComparison.Ordinal);
        Assert.Contains("127.0.0.300", error, StringComparison.Ordinal);
        Assert.Contains("nodes[1].name", error, StringComparison.Ordinal);
        Assert.DoesNotContain("a-long-enough-cluster-key", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("up")]
    [InlineData("node", "run", "--node", "alpha")]
    public async Task Start_BadFile_RefusesBeforeStartingAnything(params string[] command)
    {
        var path = CliProcess.WriteTemp(BadFile);
        var dataDir = Path.Combine(Path.GetDirectoryName(path)!, "data");

        var (code, _, error) = await CliProcess.RunAsync([.. command, "-f", path, "--data-dir", dataDir]);

        Assert.Equal(2, code);
        Assert.Contains("nodes[0].address", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDir), "nothing may start from a bad file");
    }

    [Fact]
    public async Task Validate_MissingFile_SaysWhichFile()
    {
        var (code, _, error) = await CliProcess.RunAsync("validate", "-f", "/nonexistent/cluster.yaml");

        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/cluster.yaml", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeRun_UnknownNode_NamesTheNodesOfTheFile()
    {
        var path = CliProcess.WriteTemp("""
            cluster:
              name: demo
              key: "a-long-enough-cluster-key"
            nodes:
              - name: alpha
                address: 127.0.0.11
            """);

        var (code, _, error) = await CliProcess.RunAsync("node", "run", "-f", path, "--node", "zulu");

        Assert.Equal(2, code);
        Assert.Contains("zulu", error, StringComparison.Ordinal);
        Assert.Contains("alpha", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NodeIsNotAUrl_IsRefused()
    {
        var (code, _, error) = await CliProcess.RunAsync("status", "--node", "not a url");

        Assert.Equal(2, code);
        Assert.Contains("--node", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_IsRefusedWithNonZeroExit()
    {
        var (code, _, error) = await CliProcess.RunAsync("up", "--frobnicate");

        Assert.NotEqual(0, code);
        Assert.Contains("--frobnicate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_DemoFile_IsValid()
    {
        var demo = Path.Combine(RepositoryRoot(), "examples", "demo.yaml");

        var (code, output, _) = await CliProcess.RunAsync("validate", "-f", demo);

        Assert.Equal(0, code);
        Assert.Contains("3 nodes", output, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Understudy.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
