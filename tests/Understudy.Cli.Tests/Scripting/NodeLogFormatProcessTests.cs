using System.Diagnostics;
using System.Text.Json;
using Understudy.Node.Tests.Harness;

namespace Understudy.Cli.Tests.Scripting;

/// <summary><c>node run --log-format json --log-level Debug</c>: every line a JSON object with its event id.</summary>
[Collection(ProcessCollection.Name)]
public sealed class NodeLogFormatProcessTests
{
    [Fact]
    public async Task NodeRun_JsonFormat_EveryLineIsAnObjectWithEventIdAndLevel()
    {
        var block = TestAddresses.Block();
        var file = CliProcess.WriteTemp($"""
            cluster:
              name: logs
              key: "log-format-test-cluster-key"
            nodes:
              - name: a
                address: {block}.1
            """);
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "understudy"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "node", "run", "-f", file, "--node", "a", "--data-dir", Path.Combine(Path.GetDirectoryName(file)!, "a"), "--log-format", "json", "--log-level", "Debug", "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var node = Process.Start(start)!;
        var lines = new List<string>();
        try
        {
            // The software announcement (1311) is logged once the lone node leads and committed it.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            while (!lines.Any(l => l.Contains("\"EventId\":1311", StringComparison.Ordinal)))
            {
                var line = await node.StandardOutput.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException($"the node exited: {await node.StandardError.ReadToEndAsync()}");
                lines.Add(line);
            }
        }
        finally
        {
            node.Kill();
            await node.WaitForExitAsync();
        }

        Assert.All(lines, line =>
        {
            using var entry = JsonDocument.Parse(line);
            Assert.True(entry.RootElement.TryGetProperty("EventId", out _), line);
            Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _), line);
        });
    }
}
