using System.Collections.Frozen;
using Understudy.Core.Config;
using Understudy.Node.Hosting;

namespace Understudy.Node.Heartbeats;

/// <summary>The peers of this node (every configured node but itself), by name.</summary>
internal sealed class PeerTable
{
    private readonly FrozenDictionary<string, PeerRecord> _peers;

    public PeerTable(ClusterConfig config, NodeIdentity self, Monotonic clock, NodeChanges changes)
    {
        var since = clock.Now;
        _peers = config.Nodes
            .Where(n => n.Name != self.Name)
            .ToFrozenDictionary(n => n.Name, n => new PeerRecord(n, config.Heartbeat, since, changes), StringComparer.Ordinal);
    }

    public IEnumerable<PeerRecord> All => _peers.Values;

    public PeerRecord? Find(string name) => _peers.GetValueOrDefault(name);
}
