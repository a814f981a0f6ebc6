using Understudy.Cli.Commands;

namespace Understudy.Cli.Tests.Scripting;

/// <summary>The documented exit codes (docs/operations.md "Exit codes") from the real command.</summary>
public sealed class ExitCodeProcessTests
{
    /// <summary>A port on loopback nothing listens on: the connection is refused at once.</summary>
    private const string Nobody = "http://127.0.0.1:9";

    [Theory]
    [InlineData("role", "move")]
    [InlineData("status", "--frobnicate")]
    [InlineData("role", "move", "svc", "--wait", "--timeout", "soon")]
    [InlineData("completion", "fish")]
    public async Task UsageError_ExitsBadInput(params string[] args)
    {
        var (code, _, error) = await CliProcess.RunAsync(args);

        Assert.Equal(CliExit.BadInput, code);
        Assert.NotEqual("", error);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("role", "list")]
    [InlineData("role", "show", "svc")]
    [InlineData("node", "list")]
    [InlineData("nlb", "status")]
    [InlineData("vm", "list")]
    [InlineData("role", "stop", "svc", "--token", "t")]
    [InlineData("node", "pause", "n1", "--token", "t", "--wait")]
    [InlineData("nlb", "drainstop", "n1", "--token", "t")]
    [InlineData("maintenance", "on", "--token", "t")]
    public async Task NoNodeAnswers_ExitsUnreachable(params string[] args)
    {
        var (code, _, error) = await CliProcess.RunAsync([.. args, "--node", Nobody]);

        Assert.Equal(CliExit.Unreachable, code);
        Assert.Contains(Nobody, error, StringComparison.Ordinal);
    }
}
