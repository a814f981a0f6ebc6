using Understudy.Cli.Commands;
using Understudy.Node.Tests.Harness;

namespace Understudy.Cli.Tests.Scripting;

/// <summary>Exit code 6: nodes answer, but none leads a majority.</summary>
[Collection(ProcessCollection.Name)]
public sealed class NoQuorumProcessTests
{
    [Fact]
    public async Task Change_OneNodeOfThreeRunning_ExitsNoQuorum()
    {
        await using var cluster = TestCluster.Create();
        cluster.Start(cluster.Names[0]);
        await Eventually.GetAsync(() => cluster.StatusAsync(cluster.Names[0]), s => s.Leader is null, "the lone node answering, without a leader");

        var (code, _, error) = await CliProcess.RunAsync("maintenance", "on", "-f", cluster.FilePath);

        Assert.Equal(CliExit.NoQuorum, code);
        Assert.Contains("majority", error, StringComparison.Ordinal);
    }
}
