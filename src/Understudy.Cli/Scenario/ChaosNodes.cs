using System.Globalization;
using Understudy.Cli.Commands;
using Understudy.Cli.Processes;
using Understudy.Core.Config;
using Understudy.Node.Native;

namespace Understudy.Cli.Scenario;

/// <summary>The chaos cluster's node processes and the faults done to them (signals, restarts);
/// each node inside its host's network namespace when <paramref name="namespaceOf"/> names one.</summary>
internal sealed class ChaosNodes(string file, ClusterConfig config, string folder, Func<string, string>? namespaceOf = null) : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, NodeProcess> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _paused = new(StringComparer.Ordinal);

    public IReadOnlyList<NodeConfig> Nodes => config.Nodes;

    public void StartAll()
    {
        foreach (var node in config.Nodes)
        {
            Start(node.Name, TimeSpan.Zero);
        }
    }

    /// <summary>Starts the node, its wall clock moved by <paramref name="clockOffset"/>.</summary>
    public void Start(string node, TimeSpan clockOffset)
    {
        SetClock(node, clockOffset);
        _running[node] = NodeProcess.Start(file, config.FindNode(node)!, Path.Combine(folder, node), namespaceOf?.Invoke(node), [NodeRunCommand.WallClockFileOption, ClockFile(node)]);
    }

    /// <summary>Moves the node's wall clock to <paramref name="offset"/> from the real one, at
    /// once if it runs (its <c>--wall-clock-file</c>, written whole by a rename).</summary>
    public void SetClock(string node, TimeSpan offset)
    {
        var path = ClockFile(node);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".tmp", offset.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private string ClockFile(string node) => Path.Combine(folder, node, "wall-clock");

    /// <summary>kill -9, and wait until it is gone.</summary>
    public async Task KillAsync(string node)
    {
        if (_running.Remove(node, out var process))
        {
            Libc.Signal(process.ProcessId, Libc.SigKill);
            _paused.Remove(node);
            await process.DisposeAsync();
        }
    }

    /// <summary>SIGTERM, then kill -9 after a grace period.</summary>
    public async Task StopAsync(string node)
    {
        if (_running.Remove(node, out var process))
        {
            if (_paused.Remove(node))
            {
                Libc.Signal(process.ProcessId, Libc.SigCont);
            }

            await process.StopAsync(StopGrace);
            await process.DisposeAsync();
        }
    }

    public void Pause(string node)
    {
        if (_running.TryGetValue(node, out var process) && _paused.Add(node))
        {
            Libc.Signal(process.ProcessId, Libc.SigStop);
        }
    }

    public void Continue(string node)
    {
        if (_running.TryGetValue(node, out var process) && _paused.Remove(node))
        {
            Libc.Signal(process.ProcessId, Libc.SigCont);
        }
    }

    public async ValueTask DisposeAsync() => await Task.WhenAll(_running.Keys.ToList().Select(StopAsync));
}
