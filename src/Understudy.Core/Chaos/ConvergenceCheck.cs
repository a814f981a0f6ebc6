namespace Understudy.Core.Chaos;

/// <summary>
/// Whether the nodes of a cluster agree after the faults: every node answered, every node is Up
/// and every role Online in every view, all know the same leader, and all hold the same database version (and, at one version, the same database digest), role owners
/// and NLB bucket maps.
/// </summary>
public static class ConvergenceCheck
{
    /// <summary>What still differs between <paramref name="views"/> (empty when they converged).</summary>
    /// <param name="expected">The nodes that must answer.</param>
    /// <param name="views">The views that answered.</param>
    public static IReadOnlyList<HistoryViolation> Differences(IReadOnlyCollection<string> expected, IReadOnlyList<NodeView> views)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(views);
        var found = new List<HistoryViolation>();
        var silent = expected.Where(n => views.All(v => v.Node != n)).ToList();
        if (silent.Count > 0)
        {
            found.Add(new(HistoryViolationKind.NotConverged, $"no answer from {string.Join(", ", silent)}"));
        }

        foreach (var view in views)
        {
            var offline = view.RoleOwners.Where(r => !r.Value.StartsWith("Online", StringComparison.Ordinal)).Select(r => $"{r.Key} {r.Value}").ToList();
            if (offline.Count > 0)
            {
                found.Add(new(HistoryViolationKind.NotConverged, $"{view.Node} sees role {string.Join(", ", offline)}"));
            }

            var notUp = view.NodeStates.Where(s => s.Value != "Up").Select(s => $"{s.Key} {s.Value}").ToList();
            if (notUp.Count > 0)
            {
                found.Add(new(HistoryViolationKind.NotConverged, $"{view.Node} sees {string.Join(", ", notUp)}"));
            }
        }

        if (views.Count == 0)
        {
            return found;
        }

        Differ(views, v => v.Leader ?? "none", HistoryViolationKind.NotConverged, "leader", found);
        Differ(views, v => v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), HistoryViolationKind.VersionsDiffer, "database version", found);
        foreach (var atOneVersion in views.GroupBy(v => v.Version))
        {
            Differ([.. atOneVersion], v => v.Digest ?? "none", HistoryViolationKind.DatabasesDiffer, $"database digest at version {atOneVersion.Key}", found);
        }

        Differ(views, v => Flat(v.RoleOwners), HistoryViolationKind.NotConverged, "roles", found);
        Differ(views, v => Flat(v.Buckets), HistoryViolationKind.BucketMapsDiffer, "NLB buckets", found);
        return found;
    }

    private static string Flat<T>(IEnumerable<KeyValuePair<string, T>> map) => string.Join(" ", map.Select(p => $"{p.Key}={p.Value}"));

    private static void Differ(IReadOnlyList<NodeView> views, Func<NodeView, string> part, HistoryViolationKind kind, string what, List<HistoryViolation> found)
    {
        var groups = views.GroupBy(part).ToList();
        if (groups.Count > 1)
        {
            found.Add(new(kind, $"{what}: " + string.Join("; ", groups.Select(g => $"{string.Join(",", g.Select(v => v.Node))}: {g.Key}"))));
        }
    }
}
