using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using Understudy.Node.Api;

namespace Understudy.Cli.Tests.Commands;

/// <summary><c>understudy up</c> for real: nodes as processes, a formed cluster, a clean stop on SIGTERM.</summary>
public sealed partial class UpCommandTests
{
    [Fact]
    public async Task Up_ThreeNodeFile_FormsClusterPrintsApiUrlsAndStopsEveryNodeOnSigterm()
    {
        var block = $"127.{Random.Shared.Next(20, 220)}.{Random.Shared.Next(1, 250)}";
        var path = CliProcess.WriteTemp($"""
            cluster:
              name: uptest
              key: "up-test-cluster-key-123"
            nodes:
              - name: a
                address: {block}.1
              - name: b
                address: {block}.2
              - name: c
                address: {block}.3
            """);
        var dataDir = Path.Combine(Path.GetDirectoryName(path)!, "data");
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "understudy"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "up", "-f", path, "--data-dir", dataDir })
        {
            start.ArgumentList.Add(arg);
        }

        using var up = Process.Start(start)!;
        var output = new List<string>();
        var formed = new TaskCompletionSource();
        up.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Add(e.Data);
            }

            if (e.Data.Contains("is up", StringComparison.Ordinal))
            {
                formed.TrySetResult();
            }
        };
        up.BeginOutputReadLine();
        up.BeginErrorReadLine();

        try
        {
            await formed.Task.WaitAsync(TimeSpan.FromSeconds(90));
            var printed = string.Join("\n", output);
            Assert.Contains($"http://{block}.1:7400", printed, StringComparison.Ordinal);
            Assert.Contains($"http://{block}.3:7400", printed, StringComparison.Ordinal);

            // `up` reports the cluster formed from the most advanced node's view; node b may apply
            // the same entries a moment later, so wait (generously) until its view says so too.
            using var http = new HttpClient();
            var deadline = Stopwatch.StartNew();
            StatusDocument? status;
            while ((status = await http.GetFromJsonAsync<StatusDocument>($"http://{block}.2:7400/api/status", StatusJson.Options)) is null
                || !status.Nodes.All(n => n.State == "Up" && n.Pid is not null))
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"node b never saw every node Up: {string.Join(", ", status?.Nodes.Select(n => $"{n.Name} {n.State}") ?? [])}");
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }

            Assert.All(status.Nodes, n => Assert.Equal("Up", n.State));
            var pids = status.Nodes.Select(n => n.Pid!.Value).ToArray();

            Assert.Equal(0, Kill(up.Id, 15));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await up.WaitForExitAsync(timeout.Token);

            Assert.Equal(0, up.ExitCode);
            Assert.All(pids, pid => Assert.False(IsRunning(pid), $"node process {pid} still runs after up stopped"));
        }
        finally
        {
            if (!up.HasExited)
            {
                up.Kill(entireProcessTree: true);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
