using System.Diagnostics;
using System.Text.RegularExpressions;
using Understudy.Node.Native;

namespace Understudy.Cli.Tests.Lab;

/// <summary>
/// The short chaos run on separate hosts: <c>understudy scenario chaos --hosts</c>, five nodes
/// each in a host namespace of its own, the clients in the lab's client namespace, seeded faults
/// of the processes and of the network between them (partitions, one-way cuts, bridges, loss),
/// every history checked. The long run is the same command with more seeds
/// (docs/reliability.md).
/// </summary>
/// <remarks>Safety is asserted, and that the nodes agree again within 45 s; the 10 s goal is a
/// timing goal the command checks by default, recorded in docs/reliability.md.</remarks>
[Collection(LabCollection.Name)]
public sealed partial class LabChaosTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);

    /// <summary>Seeds 3 and 4 (<c>scenario chaos --plan --hosts --seed 3 --seeds 2 --duration 15</c>):
    /// a one-way cut, a loss, a kill, a clock step and a partition.</summary>
    [Fact]
    public async Task ScenarioChaosHosts_TwoSeeds_NetworkFaults_NoViolation_LabRemoved()
    {
        LabCluster.RequirePrerequisites();
        var (code, text) = await RunAsync("scenario", "chaos", "--hosts", "--seed", "3", "--seeds", "2", "--duration", "15", "--converge-within", "45");

        Assert.True(code == 0, $"exit {code}:\n{text}");
        Assert.Contains("seeds 2: passed 2, failed 0", text, StringComparison.Ordinal);
        Assert.Contains("violations by kind: none", text, StringComparison.Ordinal);
        var kinds = FaultsByKind().Match(text).Groups[1].Value;
        Assert.True(new[] { "Partition", "OneWay", "Bridge", "Loss" }.Count(k => kinds.Contains(k, StringComparison.Ordinal)) >= 2, $"network faults injected: {kinds}");

        // Each seed's lab is gone with its processes: no namespace of it is left.
        var labs = LabName().Matches(text).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, labs.Count);
        var (_, namespaces) = await LabCluster.RunAsync("ip", "netns", "list");
        Assert.All(labs, lab => Assert.DoesNotContain($"ul.{lab}.", namespaces, StringComparison.Ordinal));
    }

    private static async Task<(int Code, string Text)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "understudy"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM: the command removes its lab on the way out.
            Libc.Signal(process.Id, Libc.SigTerm);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(grace.Token);
            Assert.Fail($"scenario chaos --hosts did not finish within {Limit}:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"^faults by kind: (.*)$", RegexOptions.Multiline)]
    private static partial Regex FaultsByKind();

    [GeneratedRegex(@"host lab '([^']+)'")]
    private static partial Regex LabName();
}
