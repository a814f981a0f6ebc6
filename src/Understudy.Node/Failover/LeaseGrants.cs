using System.Collections.Concurrent;

namespace Understudy.Node.Failover;

/// <summary>The leader's record of when it last granted each node a lease (monotonic time),
/// noted when the request arrives, before the leader confirms its leadership and answers.</summary>
internal sealed class LeaseGrants
{
    private readonly ConcurrentDictionary<string, TimeSpan> _last = new(StringComparer.Ordinal);

    public void Record(string node, TimeSpan now) => _last.AddOrUpdate(node, now, (_, old) => now > old ? now : old);

    public TimeSpan? Last(string node) => _last.TryGetValue(node, out var at) ? at : null;
}
