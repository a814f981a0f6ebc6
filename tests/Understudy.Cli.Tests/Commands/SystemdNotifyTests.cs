using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Understudy.Cli.Tests.Commands;

/// <summary>
/// <c>understudy node run</c> as systemd runs a <c>Type=notify</c> service, without systemd: the
/// node is PID 1 of a PID namespace with <c>NOTIFY_SOCKET</c> set (how Microsoft.Extensions.
/// Hosting.Systemd recognises a containerised systemd service), and this test is the service
/// manager's end of the socket. READY=1 must come once the node serves, its console lines must
/// be in the journal's format, and SIGTERM must bring STOPPING=1.
/// </summary>
public sealed class SystemdNotifyTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("understudy-notify-").FullName;

    [Fact]
    public async Task NodeRun_UnderANotifySocket_ReportsReadyLogsForTheJournalAndReportsStopping()
    {
        if (!Environment.IsPrivilegedProcess || !File.Exists("/usr/bin/unshare"))
        {
            Assert.Skip("needs root and unshare (util-linux) for PID and network namespaces; CI runs as root");
        }

        var file = Path.Combine(_dir, "cluster.yaml");
        await File.WriteAllTextAsync(file, """
            cluster:
              name: notify
              key: "notify-cluster-key-0123456789"
            nodes:
              - name: n1
                address: 127.0.0.1
            """);
        var socketPath = Path.Combine(_dir, "notify");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        // unshare forks the shell as PID 1 of new PID and network namespaces; exec makes the node
        // PID 1. --kill-child: the node dies with unshare if the test kills it.
        var start = new ProcessStartInfo("/usr/bin/unshare") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--pid", "--net", "--fork", "--kill-child", "--", "/bin/sh", "-c", "ip link set lo up && exec \"$@\"", "sh",
            Path.Combine(AppContext.BaseDirectory, "understudy"), "node", "run", "-f", file, "--node", "n1", "--data-dir", Path.Combine(_dir, "n1") })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NOTIFY_SOCKET"] = socketPath;
        var lines = new ConcurrentQueue<string>();
        using var node = Process.Start(start)!;
        node.OutputDataReceived += (_, e) => { if (e.Data is { } line) lines.Enqueue(line); };
        node.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lines.Enqueue(line); };
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        try
        {
            Assert.Equal("READY=1", await ReceiveAsync(socket, lines));

            // SIGTERM to the node itself (unshare's child, exec'd by the shell), as systemd's stop sends it.
            Assert.Equal(0, Kill(ChildOf(node.Id), "TERM"));
            Assert.Equal("STOPPING=1", await ReceiveAsync(socket, lines));
            using var exit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            exit.CancelAfter(Deadline);
            await node.WaitForExitAsync(exit.Token);

            // The systemd formatter: "<6>" (info) before the category and event id, no timestamp
            // (the journal stamps each line itself).
            Assert.Contains(lines, l => l.StartsWith("<6>Understudy.Node.", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Length > 2 && char.IsAsciiDigit(l[0]) && char.IsAsciiDigit(l[1]) && l[2] == ':');
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket, IEnumerable<string> log)
    {
        var buffer = new byte[4096];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Deadline);
        try
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.UTF8.GetString(buffer, 0, n).Trim();
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no notification within {Deadline}; the node printed:\n{string.Join('\n', log)}");
        }
    }

    private static int ChildOf(int pid) =>
        int.Parse(File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);

    private static int Kill(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
