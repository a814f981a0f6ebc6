using Understudy.Core.Failover;
using Understudy.Core.Database;
using static Understudy.Core.Tests.Failover.Roles;

namespace Understudy.Core.Tests.Failover;

public sealed class FencingTokenTests
{
    private static RoleOwnerChanged Move(string to) => new(T0, "r", to, MoveKind.Move, AwaitRelease: false, "test");

    [Fact]
    public void Apply_OwnerChangeInTerm7_TokenStartsAboveTheTermsBase()
    {
        var state = Cluster().Define(Role());

        var after = state.Apply(Move("a"), 10, term: 7).Apply(Move("b"), 11, term: 7);

        Assert.Equal(7_000_002, after.Roles["r"].FencingToken);
        Assert.Equal(7_000_002, after.FencingCounter);
        Assert.Equal(7, after.Term);
    }

    [Fact]
    public void Apply_EntriesOfALaterTermAfterARollback_TokensAboveEveryLostOne()
    {
        // Term 5 issued 5000001 and 5000002; a crash of every node rolled the second back (the
        // database is back to the first). The next leader is in term 6 at least.
        var kept = Cluster().Define(Role()).Apply(Move("a"), 10, term: 5);
        var lost = kept.Apply(Move("b"), 11, term: 5);

        var afterRollback = kept.Apply(Move("c"), 11, term: 6);

        Assert.Equal(5_000_002, lost.Roles["r"].FencingToken);
        Assert.Equal(6_000_001, afterRollback.Roles["r"].FencingToken);
        Assert.True(afterRollback.Roles["r"].FencingToken > lost.Roles["r"].FencingToken);
    }

    [Fact]
    public void Apply_OlderTermEntry_NeverLowersTheTerm()
    {
        var state = Cluster().Define(Role()).Apply(Move("a"), 10, term: 7);

        Assert.Equal(7, state.Apply(Move("b"), 11, term: 3).Term);
        Assert.Equal(7_000_002, state.Apply(Move("b"), 11, term: 3).Roles["r"].FencingToken);
    }

    [Fact]
    public void NextFencingToken_CounterPastTheTermsRange_StillGrows()
    {
        var state = ClusterState.Empty with { Term = 2, FencingCounter = 3_000_000 };

        Assert.Equal(3_000_001, state.NextFencingToken);
    }

    [Fact]
    public void NextFencingToken_NoTerm_CounterPlusOne() =>
        Assert.Equal(4, (ClusterState.Empty with { FencingCounter = 3 }).NextFencingToken);

    [Fact]
    public void Apply_AnyCommand_RecordsTheTermAndVersion()
    {
        var state = ClusterState.Empty.Apply(new NodeResumed(T0, "nobody", Failback: false), 4, term: 9);

        Assert.Equal(9, state.Term);
        Assert.Equal(4, state.Version);
    }
}
