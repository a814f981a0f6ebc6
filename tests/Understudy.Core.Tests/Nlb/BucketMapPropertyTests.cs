using CsCheck;
using Understudy.Core.Nlb;

namespace Understudy.Core.Tests.Nlb;

/// <summary>The properties the issue asks of bucket maps, over random member sets and weights.</summary>
public sealed class BucketMapPropertyTests
{
    private static readonly Gen<(string Name, int Weight)[]> Members =
        Gen.Int[2, 12].SelectMany(n => Gen.Int[1, 100].Array[n].Select(weights =>
            weights.Select((w, i) => ("node" + i, w)).ToArray()));

    [Fact]
    public void Build_MemberFails_OnlyItsBucketsMove()
    {
        Members.Select(Gen.Int[0, 11]).Sample((members, pick) =>
        {
            var failed = members[pick % members.Length].Name;
            var before = WeightedRendezvous.Build("web", members);
            var after = WeightedRendezvous.Build("web", members.Where(m => m.Name != failed));
            for (var b = 0; b < BucketMap.BucketCount; b++)
            {
                if (before.OwnerOf(b) != failed && before.OwnerOf(b) != after.OwnerOf(b))
                {
                    return false;
                }

                // The retry target was right: the failed member's bucket goes to its next owner.
                if (before.OwnerOf(b) == failed && after.OwnerOf(b) != before.NextOwnerOf(b))
                {
                    return false;
                }
            }

            return true;
        }, iter: 200, seed: "0N0XIzNRzYhy");
    }

    [Fact]
    public void Build_MemberReturns_TakesBackExactlyItsShare()
    {
        Members.Select(Gen.Int[0, 11]).Sample((members, pick) =>
        {
            var returning = members[pick % members.Length].Name;
            var full = WeightedRendezvous.Build("web", members).Owners();
            var without = WeightedRendezvous.Build("web", members.Where(m => m.Name != returning)).Owners();
            var again = WeightedRendezvous.Build("web", members).Owners();
            return full.SequenceEqual(again) && full.Zip(without).All(p => p.First == p.Second || p.First == returning);
        }, iter: 200);
    }

    [Fact]
    public void Build_AnyInputOrder_SameMap()
    {
        Members.Select(Gen.Int.Array[12]).Sample((members, keys) =>
        {
            var shuffled = members.Zip(keys).OrderBy(p => p.Second).Select(p => p.First).ToArray();
            return WeightedRendezvous.Build("web", members).Owners().SequenceEqual(WeightedRendezvous.Build("web", shuffled).Owners());
        }, iter: 200);
    }

    [Fact]
    public void Build_Weights_SharesFollowWeightsWithinTolerance()
    {
        // With 1024 independent buckets a share deviates by sqrt(p(1-p)/1024) <= 1.6 points
        // (one standard deviation); 6 points is almost four of them.
        Members.Sample(members =>
        {
            var map = WeightedRendezvous.Build("web", members);
            var total = members.Sum(m => (double)m.Weight);
            return members.All(m => Math.Abs(map.BucketsOwnedBy(m.Name) / (double)BucketMap.BucketCount - m.Weight / total) < 0.06);
        }, iter: 200);
    }

    [Fact]
    public void Build_WeightZero_OwnsNothing()
    {
        var map = WeightedRendezvous.Build("web", [("a", 50), ("b", 0), ("c", 50)]);
        Assert.Equal(0, map.BucketsOwnedBy("b"));
        Assert.Equal(BucketMap.BucketCount, map.BucketsOwnedBy("a") + map.BucketsOwnedBy("c"));
    }

    [Fact]
    public void Build_NoMember_NobodyOwns()
    {
        var map = WeightedRendezvous.Build("web", [("a", 0)]);
        Assert.Null(map.OwnerOf(0));
        Assert.Null(map.NextOwnerOf(BucketMap.BucketCount - 1));
    }

    [Fact]
    public void Build_DifferentRules_DifferentMaps()
    {
        (string, int)[] members = [("a", 50), ("b", 50), ("c", 50)];
        Assert.False(WeightedRendezvous.Build("web", members).Owners().SequenceEqual(WeightedRendezvous.Build("api", members).Owners()));
    }

    [Fact]
    public void Single_PreferenceOrder_FirstOwnsAllSecondIsNext()
    {
        var map = WeightedRendezvous.Single("db", ["b", "a", "c"]);
        Assert.Equal(BucketMap.BucketCount, map.BucketsOwnedBy("b"));
        Assert.Equal(("b", "a"), (map.OwnerOf(17), map.NextOwnerOf(17)));
    }
}
