using System.Collections.Immutable;
using System.Net;
using Understudy.Core.Database;
using Understudy.Core.Membership;
using Understudy.Core.Nlb;

namespace Understudy.Core.Tests.Nlb;

/// <summary>Admission, operations, drains and the derived view, as committed commands apply.</summary>
public sealed class NlbStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly NlbConfig Config = new()
    {
        ClusterAddress = IPAddress.Parse("127.0.0.100"),
        Members = [new("a", 1, IPAddress.Loopback), new("b", 2, IPAddress.Loopback), new("c", 3, IPAddress.Loopback)],
        Rules =
        [
            new PortRule { Name = "web", FirstPort = 80, LastPort = 80, TargetPort = 8080, Weights = ImmutableSortedDictionary<string, int>.Empty.Add("c", 100) },
            new PortRule { Name = "db", FirstPort = 5432, LastPort = 5432, TargetPort = 6432, Mode = FilteringMode.Single },
            new PortRule { Name = "off", FirstPort = 23, LastPort = 23, TargetPort = 2323, Mode = FilteringMode.Disabled },
        ],
    };

    private static ClusterState AllUpAndAdmitted()
    {
        var state = ClusterState.Empty;
        long index = 0;
        foreach (var member in Config.Members)
        {
            state = state.Apply(new NodeUp(T0, member.Node, 1, 100, "first heartbeat"), ++index);
            state = state.Apply(new NlbAnnounce(T0, member.Node, Config.RulesFingerprint(), member.HostPriority), ++index);
        }

        return state;
    }

    [Fact]
    public void Announce_First_SetsClusterFingerprint()
    {
        var state = ClusterState.Empty.Apply(new NlbAnnounce(T0, "a", "f1", 1), 1);
        Assert.Equal("f1", state.Nlb.Fingerprint);
        Assert.True(state.Nlb.MemberOrInitial("a").IsAdmitted);
    }

    [Fact]
    public void Announce_OtherRules_RefusedWithReason()
    {
        var state = ClusterState.Empty.Apply(new NlbAnnounce(T0, "a", "f1", 1), 1).Apply(new NlbAnnounce(T0, "b", "f2", 2), 2);
        var verdict = state.Nlb.MemberOrInitial("b").Admission!;
        Assert.False(verdict.Admitted);
        Assert.Contains("port rules differ", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal("f1", state.Nlb.Fingerprint);
    }

    [Fact]
    public void Announce_DuplicateHostPriority_RefusedNamingHolder()
    {
        var state = ClusterState.Empty.Apply(new NlbAnnounce(T0, "a", "f1", 1), 1).Apply(new NlbAnnounce(T0, "b", "f1", 1), 2);
        Assert.Equal("host priority 1 is already held by a; host priorities must be unique", state.Nlb.MemberOrInitial("b").Admission!.Reason);
    }

    [Fact]
    public void Announce_SameNodeAgain_KeepsItsOwnPriority() =>
        Assert.True(NlbAdmission.Decide(ClusterState.Empty.Apply(new NlbAnnounce(T0, "a", "f1", 1), 1).Nlb, "a", "f1", 1).Admitted);

    [Theory]
    [InlineData(NlbMemberState.Started, NlbOperation.DrainStop, NlbMemberState.Draining)]
    [InlineData(NlbMemberState.Stopped, NlbOperation.DrainStop, NlbMemberState.Stopped)]
    [InlineData(NlbMemberState.Draining, NlbOperation.Start, NlbMemberState.Started)]
    [InlineData(NlbMemberState.Draining, NlbOperation.Stop, NlbMemberState.Stopped)]
    [InlineData(NlbMemberState.Started, NlbOperation.Suspend, NlbMemberState.Suspended)]
    [InlineData(NlbMemberState.Suspended, NlbOperation.Resume, NlbMemberState.Stopped)]
    public void Next_AllowedOperation_GivesState(NlbMemberState from, NlbOperation operation, NlbMemberState to) =>
        Assert.Equal(to, NlbOperations.Next(from, operation).Next);

    [Theory]
    [InlineData(NlbMemberState.Suspended, NlbOperation.Start, "suspended; resume it first")]
    [InlineData(NlbMemberState.Started, NlbOperation.Resume, "not suspended")]
    public void Next_RefusedOperation_SaysWhy(NlbMemberState from, NlbOperation operation, string why)
    {
        var transition = NlbOperations.Next(from, operation);
        Assert.False(transition.IsAllowed);
        Assert.Contains(why, transition.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DrainRule_AtTimeoutAndOneTickBefore()
    {
        var timeout = TimeSpan.FromSeconds(30);
        Assert.Null(DrainRule.Decide(T0, T0 + timeout - TimeSpan.FromTicks(1), timeout, 3));
        Assert.Equal(DrainRule.TimedOut, DrainRule.Decide(T0, T0 + timeout, timeout, 3));
        Assert.Equal(DrainRule.Drained, DrainRule.Decide(T0, T0, timeout, 0));
    }

    [Fact]
    public void Derive_AllStarted_WeightsAndDefaultHost()
    {
        var view = NlbViews.Derive(Config, AllUpAndAdmitted());
        Assert.Equal("a", view.DefaultHost);
        var web = view.Rules[0].Map;
        Assert.Equal(BucketMap.BucketCount, web.BucketsOwnedBy("a") + web.BucketsOwnedBy("b") + web.BucketsOwnedBy("c"));
        Assert.True(web.BucketsOwnedBy("c") > web.BucketsOwnedBy("a"), "c has weight 100, a 50");
        Assert.Equal(BucketMap.BucketCount, view.Rules[1].Map.BucketsOwnedBy("a"));
        Assert.Null(view.Rules[2].Map.OwnerOf(0));
        Assert.Same(view.Rules[0], view.RuleFor(NlbProtocol.Tcp, 80));
        Assert.Null(view.RuleFor(NlbProtocol.Udp, 80));
    }

    [Fact]
    public void Derive_DrainingDownOrUnadmitted_OwnNothing()
    {
        var state = AllUpAndAdmitted()
            .Apply(new NlbMemberStateSet(T0, "a", NlbMemberState.Draining, "drainstop"), 100)
            .Apply(new NodeDown(T0, "b", "missed heartbeats"), 101);
        var view = NlbViews.Derive(Config, state);
        Assert.Equal(BucketMap.BucketCount, view.Rules[0].Map.BucketsOwnedBy("c"));
        Assert.Equal("c", view.DefaultHost);
        Assert.Equal(BucketMap.BucketCount, view.Rules[1].Map.BucketsOwnedBy("c"));
        Assert.False(NlbViews.Derive(Config, ClusterState.Empty).Members[0].Eligible);
    }

    [Fact]
    public void Derive_WeightOverride_BeatsFile()
    {
        var state = AllUpAndAdmitted().Apply(new NlbWeightSet(T0, "c", "web", 0), 100);
        var view = NlbViews.Derive(Config, state);
        Assert.Equal(0, view.Member("c")!.Weights["web"]);
        Assert.Equal(0, view.Rules[0].Map.BucketsOwnedBy("c"));
    }
}
