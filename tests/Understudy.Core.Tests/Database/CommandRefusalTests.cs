using Understudy.Core.Database;
using Understudy.Core.Membership;
using Understudy.Core.Nlb;

namespace Understudy.Core.Tests.Database;

/// <summary>An entry that cannot be applied is skipped with an event, never thrown (issue 13).</summary>
public sealed class CommandRefusalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_MemberStateWithoutNode_SkippedWithRefusedEventAndVersion()
    {
        var before = ClusterState.Empty.Apply(new NodeUp(T0, "a", 1, 10, "first heartbeat"), 1);

        var after = before.Apply(new NlbMemberStateSet(T0.AddSeconds(1), null!, NlbMemberState.Stopped, "poison"), 2);

        Assert.Equal(2, after.Version);
        Assert.Equal(before.Nlb, after.Nlb);
        var refused = after.Events[^1];
        Assert.Equal(ClusterState.CommandRefusedKind, refused.Kind);
        Assert.Equal(T0.AddSeconds(1), refused.At);
        Assert.Contains("log entry 2 (NlbMemberStateSet)", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_AfterRefusal_NextCommandApplies()
    {
        var state = ClusterState.Empty
            .Apply(new NlbWeightSet(T0, null!, "web", 5), 1)
            .Apply(new NlbMemberStateSet(T0, "b", NlbMemberState.Stopped, "operator"), 2);

        Assert.Equal(NlbMemberState.Stopped, state.Nlb.Members["b"].State);
        Assert.Equal(2, state.Version);
    }

    [Fact]
    public void Apply_SameBadEntryOnTwoNodes_SameDatabase()
    {
        ClusterCommand bad = new NlbMemberStateSet(T0, null!, NlbMemberState.Stopped, "poison");

        var one = ClusterState.Empty.Apply(bad, 1);
        var two = ClusterState.Empty.Apply(bad, 1);

        Assert.Equal(one.Events, two.Events);
        Assert.Equal(one.LastEventId, two.LastEventId);
    }

    [Fact]
    public void Refuse_UnreadableEntry_StampsLastEventTimeAndVersion()
    {
        var state = ClusterState.Empty.Apply(new NodeUp(T0, "a", 1, 10, "first heartbeat"), 1).Refuse(2, "not a command");

        Assert.Equal(2, state.Version);
        Assert.Equal(T0, state.Events[^1].At);
        Assert.Equal(ClusterState.CommandRefusedKind, state.Events[^1].Kind);
    }
}
