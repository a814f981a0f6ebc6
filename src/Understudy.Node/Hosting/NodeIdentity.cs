using Understudy.Core.Config;

namespace Understudy.Node.Hosting;

/// <summary>Who this process is: its node entry, and its incarnation (start time, ms since the epoch).</summary>
public sealed record NodeIdentity(NodeConfig Node, long Incarnation, int ProcessId)
{
    /// <summary>Node name.</summary>
    public string Name => Node.Name;
}
