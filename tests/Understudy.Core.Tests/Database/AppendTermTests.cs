using Understudy.Core.Database;
using Understudy.Core.Membership;

namespace Understudy.Core.Tests.Database;

public sealed class AppendTermTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 11, 24, 44, TimeSpan.Zero);

    [Fact]
    public void ForLeader_LogEndsInItsTerm_StampsThatTerm()
    {
        Assert.Equal(8, AppendTerm.ForLeader(currentTerm: 8, leadingTerm: 8, lastEntryTerm: 8));
    }

    /// <summary>A lone node leads at term 0 with an empty log; a restarted one at a term it wrote no entry in.</summary>
    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 3)]
    public void ForLeader_LedThisTermWithoutAnEntryOfIt_StampsThatTerm(long term, long lastEntryTerm)
    {
        Assert.Equal(term, AppendTerm.ForLeader(currentTerm: term, leadingTerm: term, lastEntryTerm));
    }

    /// <summary>Chaos seed 2: n5 led term 7, heard of term 8 and appended before stepping down.</summary>
    [Fact]
    public void ForLeader_TermRaisedByNewerLeader_Refuses()
    {
        Assert.Null(AppendTerm.ForLeader(currentTerm: 8, leadingTerm: 7, lastEntryTerm: 7));
    }

    [Fact]
    public void ForLeader_NotLeading_TermAheadOfTheLog_Refuses()
    {
        Assert.Null(AppendTerm.ForLeader(currentTerm: 9, leadingTerm: -1, lastEntryTerm: 8));
    }

    /// <summary>What an entry stamped with a term its node did not lead does: logs that agree on
    /// every (index, term) and apply different commands at index 33 report the same version and
    /// hold different databases (the deposed leader's NodeDown n2 against the new leader's empty
    /// entry), so the term must come from <see cref="AppendTerm.ForLeader"/>.</summary>
    [Fact]
    public void SameIndexDifferentEntry_SameVersionDifferentDatabase()
    {
        var common = ClusterState.Empty
            .Apply(new NodeUp(T0, "n2", 1, 10, "first heartbeat"), 8, term: 4)
            .Apply(new NodeUp(T0, "n5", 2, 20, "first heartbeat"), 11, term: 4);
        var leader = common.Apply(new NodeDown(T0.AddSeconds(1), "n5", "missed heartbeats"), 34, term: 8);
        var deposed = common
            .Apply(new NodeDown(T0.AddSeconds(1), "n2", "missed heartbeats"), 33, term: 8)
            .Apply(new NodeDown(T0.AddSeconds(1), "n5", "missed heartbeats"), 34, term: 8);

        Assert.Equal(leader.Version, deposed.Version);
        Assert.Equal(NodeState.Up, leader.Nodes["n2"].State);
        Assert.Equal(NodeState.Down, deposed.Nodes["n2"].State);
    }
}
