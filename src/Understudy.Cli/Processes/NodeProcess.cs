using System.Diagnostics;
using Understudy.Core.Config;
using Understudy.Core.Vms.Network;
using Understudy.Node.Native;

namespace Understudy.Cli.Processes;

/// <summary>One node launched by <c>understudy up</c> as its own OS process, its output kept in a log file.</summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private NodeProcess(NodeConfig node, Process process, StreamWriter log, string logPath)
    {
        Node = node;
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public NodeConfig Node { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>understudy node run</c> for <paramref name="node"/>, inside network
    /// namespace <paramref name="ns"/> when given (a lab host: <c>ip netns exec</c> execs, so
    /// the node keeps the pid this process sees); <paramref name="extra"/> are more arguments of <c>node run</c>;
    /// <paramref name="vmBridge"/> is where the node cables its networked process VMs (<see cref="VmBridge"/>), or null.</summary>
    public static NodeProcess Start(string clusterFile, NodeConfig node, string dataDirectory, string? ns = null, IReadOnlyList<string>? extra = null, VmBridge? vmBridge = null)
    {
        Directory.CreateDirectory(dataDirectory);
        var (self, selfPrefix) = SelfCommand.Current();
        var (fileName, prefix) = ns is null ? (self, selfPrefix) : ("ip", (IReadOnlyList<string>)["netns", "exec", ns, self, .. selfPrefix]);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (vmBridge is not null)
        {
            start.Environment[VmBridge.Variable] = vmBridge.ToString();
        }

        foreach (var arg in prefix.Concat([node.Witness ? "witness" : "node", "run", "-f", clusterFile, "--node", node.Name, "--data-dir", dataDirectory, "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra ?? []]))
        {
            start.ArgumentList.Add(arg);
        }

        var logPath = Path.Combine(dataDirectory, "node.log");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start node {node.Name}");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NodeProcess(node, process, log, logPath);
    }

    /// <summary>SIGTERM, then SIGKILL if the node has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        Libc.Signal(_process.Id, Libc.SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
