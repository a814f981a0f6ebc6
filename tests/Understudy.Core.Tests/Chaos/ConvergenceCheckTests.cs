using System.Collections.Immutable;
using Understudy.Core.Chaos;

namespace Understudy.Core.Tests.Chaos;

public sealed class ConvergenceCheckTests
{
    private static readonly string[] Expected = ["n1", "n2"];

    private static NodeView View(string node, long version = 9, string leader = "n1", string n2 = "Up", string kv = "Online@n2", int buckets = 512, string digest = "d") => new(
        node,
        leader,
        version,
        digest,
        Map(("n1", "Up"), ("n2", n2)),
        Map(("kv", kv), ("web", "Online")),
        Map(("n1/web", 1024 - buckets), ("n2/web", buckets)));

    private static ImmutableSortedDictionary<string, T> Map<T>(params (string Key, T Value)[] pairs) =>
        pairs.ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [Fact]
    public void Differences_Agreeing_IsEmpty() => Assert.Empty(ConvergenceCheck.Differences(Expected, [View("n1"), View("n2")]));

    [Fact]
    public void Differences_NodeSilent_NotConverged()
    {
        var v = Assert.Single(ConvergenceCheck.Differences(Expected, [View("n1")]));

        Assert.Equal(new HistoryViolation(HistoryViolationKind.NotConverged, "no answer from n2"), v);
    }

    [Fact]
    public void Differences_NodeDownInAView_NotConverged()
    {
        var v = Assert.Single(ConvergenceCheck.Differences(Expected, [View("n1", n2: "Down"), View("n2", n2: "Down")]).Take(1));

        Assert.Equal(new HistoryViolation(HistoryViolationKind.NotConverged, "n1 sees n2 Down"), v);
    }

    [Fact]
    public void Differences_RoleNotOnline_NotConverged()
    {
        var found = ConvergenceCheck.Differences(Expected, [View("n1", kv: "Pending@n2"), View("n2", kv: "Pending@n2")]);

        Assert.Equal(2, found.Count);
        Assert.All(found, v => Assert.Equal(HistoryViolationKind.NotConverged, v.Kind));
    }

    [Fact]
    public void Differences_Versions_VersionsDiffer()
    {
        var v = Assert.Single(ConvergenceCheck.Differences(Expected, [View("n1", version: 9), View("n2", version: 8)]));

        Assert.Equal(new HistoryViolation(HistoryViolationKind.VersionsDiffer, "database version: n1: 9; n2: 8"), v);
    }

    [Fact]
    public void Differences_SameVersionOtherDigest_DatabasesDiffer()
    {
        var v = Assert.Single(ConvergenceCheck.Differences(Expected, [View("n1", digest: "aa"), View("n2", digest: "bb")]));

        Assert.Equal(new HistoryViolation(HistoryViolationKind.DatabasesDiffer, "database digest at version 9: n1: aa; n2: bb"), v);
    }

    [Fact]
    public void Differences_Buckets_BucketMapsDiffer()
    {
        var v = Assert.Single(ConvergenceCheck.Differences(Expected, [View("n1"), View("n2", buckets: 511)]));

        Assert.Equal(HistoryViolationKind.BucketMapsDiffer, v.Kind);
    }

    [Fact]
    public void Differences_Leaders_NotConverged()
    {
        var v = Assert.Single(ConvergenceCheck.Differences(Expected, [View("n1"), View("n2", leader: "n2")]));

        Assert.Equal(new HistoryViolation(HistoryViolationKind.NotConverged, "leader: n1: n1; n2: n2"), v);
    }
}
