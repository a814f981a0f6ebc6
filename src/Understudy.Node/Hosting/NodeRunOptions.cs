using Understudy.Core.Config;

namespace Understudy.Node.Hosting;

/// <summary>What <c>understudy node run</c> was asked to do.</summary>
/// <param name="Config">The validated cluster file.</param>
/// <param name="NodeName">Which node of the file this process is.</param>
/// <param name="Secret">The cluster key's secret bytes.</param>
/// <param name="DataDirectory">Where this node keeps its Raft log and snapshots.</param>
/// <param name="ParentProcessId">Stop when this process exits (set by <c>understudy up</c>), or null.</param>
public sealed record NodeRunOptions(ClusterConfig Config, string NodeName, byte[] Secret, string DataDirectory, int? ParentProcessId)
{
    /// <summary>How to start this program again (process VMs run <c>understudy agent run</c>);
    /// null = this process's own executable.</summary>
    public Vms.AgentLauncher? Agent { get; init; }

    /// <summary>How log lines are written (default: journald's format under systemd, else text).</summary>
    public NodeLogFormat LogFormat { get; init; } = NodeLogFormat.Auto;

    /// <summary>The least severe level logged (default Information: what an operator reads; Debug adds per-peer transport errors).</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;

    /// <summary>The file that holds the cluster key (the key file, or the cluster file when the
    /// key is inline), which no workload's <c>user:</c> may be able to read; null when unknown.</summary>
    public string? SecretFile { get; init; }

    /// <summary>Never print the secret.</summary>
    public override string ToString() => $"NodeRunOptions {{ Cluster = {Config.Name}, Node = {NodeName}, DataDirectory = {DataDirectory} }}";
}
