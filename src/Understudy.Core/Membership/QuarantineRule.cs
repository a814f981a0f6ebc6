using System.Collections.Immutable;
using Understudy.Core.Config;
using Understudy.Core.Database;

namespace Understudy.Core.Membership;

/// <summary>
/// When the leader quarantines a flapping node and when it lets it back, after WSFC's node
/// quarantine (Windows Server 2016): <see cref="QuarantineOptions.Departures"/> unplanned
/// departures within <see cref="QuarantineOptions.Window"/> keep the node out for
/// <see cref="QuarantineOptions.Duration"/>, never more than
/// <see cref="QuarantineOptions.Limit"/> nodes at once (the most departures first, then by name).
/// Pure: the membership loop calls it every tick and commits what it returns.
/// </summary>
public static class QuarantineRule
{
    /// <summary>Commands that quarantine or release nodes now.</summary>
    /// <param name="state">The committed database.</param>
    /// <param name="nodes">The configured node names.</param>
    /// <param name="options">The <c>quarantine:</c> settings.</param>
    /// <param name="now">Leader's wall clock (the clock the departures are stamped with).</param>
    public static ImmutableArray<ClusterCommand> Decide(ClusterState state, IReadOnlyCollection<string> nodes, QuarantineOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(options);
        var commands = ImmutableArray.CreateBuilder<ClusterCommand>();
        var records = nodes.Select(state.NodeOrJoining).ToList();
        var ended = records.Where(n => n.QuarantinedUntil <= now).ToList();
        commands.AddRange(ended.Select(n => new NodeQuarantineLifted(now, n.Name, "quarantine ended")));
        if (options.Departures == 0)
        {
            return commands.ToImmutable();
        }

        var still = records.Count(n => n.QuarantinedUntil > now);
        var room = options.Limit(nodes.Count) - still;
        var flapping = records
            .Where(n => n.QuarantinedUntil is null)
            .Select(n => (Node: n, Recent: Recent(n, options.Window, now)))
            .Where(f => f.Recent >= options.Departures)
            .OrderByDescending(f => f.Recent).ThenBy(f => f.Node.Name, StringComparer.Ordinal)
            .Take(Math.Max(room, 0));
        foreach (var (node, recent) in flapping)
        {
            commands.Add(new NodeQuarantined(now, node.Name, now + options.Duration, $"{recent} unplanned departures within {DurationParser.Format(options.Window)}"));
        }

        return commands.ToImmutable();
    }

    /// <summary>
    /// The next instant after <paramref name="now"/> at which <see cref="Decide"/> can answer
    /// differently on the same database — the earliest quarantine end — or null. (Departures only
    /// age out of the window, which never quarantines anyone new.)
    /// </summary>
    public static DateTimeOffset? NextDeadline(ClusterState state, IReadOnlyCollection<string> nodes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(nodes);
        return nodes.Select(state.NodeOrJoining).Select(n => n.QuarantinedUntil).Where(u => u > now).Min();
    }

    /// <summary>Departures within the window ending now: after <c>now − window</c>, up to now.</summary>
    public static int Recent(NodeStatus node, TimeSpan window, DateTimeOffset now) =>
        node.Departures.IsDefault ? 0 : node.Departures.Count(d => d > now - window && d <= now);
}
