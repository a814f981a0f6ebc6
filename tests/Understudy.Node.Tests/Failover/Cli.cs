using Understudy.Cli.Tests;

namespace Understudy.Node.Tests.Failover;

/// <summary>Runs the <c>understudy</c> command (<see cref="CliProcess"/>, shared with the CLI
/// tests) and returns its exit code and everything it printed.</summary>
internal static class Cli
{
    public static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var (code, output, error) = await CliProcess.RunAsync(args);
        return (code, output + error);
    }
}
