using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;
using static Understudy.Core.Tests.Failover.Roles;

namespace Understudy.Core.Tests.Failover;

public sealed class LeaseWitnessTests
{
    private static ClusterState OwnedByA() => Cluster().Define(Role()).Own("r", "a");

    // a is Down; the leader moved r to b awaiting a's release (token 2).
    private static ClusterState MovedFromA() =>
        OwnedByA().Run([new NodeDown(T0, "a", "x"), new RoleOwnerChanged(T0, "r", "b", MoveKind.Failover, AwaitRelease: true, "node a is down")]);

    [Fact]
    public void ClaimsOf_OwnedAndAwaitedRoles_WithTheirTokens()
    {
        var moved = MovedFromA();

        Assert.Equal([new LeaseClaim("r", 1)], LeaseWitness.ClaimsOf(OwnedByA(), "a"));
        Assert.Equal([new LeaseClaim("r", 2)], LeaseWitness.ClaimsOf(moved, "a"));
        Assert.Equal([new LeaseClaim("r", 2)], LeaseWitness.ClaimsOf(moved, "b"));
        Assert.Empty(LeaseWitness.ClaimsOf(moved, "c"));
    }

    [Fact]
    public void Refusal_ClaimsMatchTheWitnessDatabase_Noted()
    {
        Assert.Null(LeaseWitness.Refusal(OwnedByA(), "a", LeaseWitness.ClaimsOf(OwnedByA(), "a"), fencedAt: null));
    }

    [Fact]
    public void Refusal_WitnessBehindTheClaim_CannotContradictIt()
    {
        // b already applied the move; the witness has not yet (its counter is 1).
        Assert.Null(LeaseWitness.Refusal(OwnedByA(), "b", [new LeaseClaim("r", 2)], fencedAt: null));
    }

    [Fact]
    public void Refusal_StaleClaimAfterTheMove_Refused()
    {
        // a never saw the move and still claims r at token 1.
        var refusal = LeaseWitness.Refusal(MovedFromA().Run([new RoleReleased(T0, "r", "a", "lease ended")]), "a", [new LeaseClaim("r", 1)], fencedAt: null);

        Assert.Equal("a claims role r at token 1, which is at token 2 on b here", refusal);
    }

    [Fact]
    public void Refusal_ClaimOfARemovedRole_Refused()
    {
        var removed = OwnedByA().Run([new RoleRemoved(T0, "r", "test")]);

        Assert.Equal("a claims role r at token 1, which is removed here", LeaseWitness.Refusal(removed, "a", [new LeaseClaim("r", 1)], fencedAt: null));
    }

    [Fact]
    public void Refusal_Fenced_RefusedUntilTheWitnessAppliedTheRelease()
    {
        var claims = LeaseWitness.ClaimsOf(MovedFromA(), "a");

        // Fenced before the witness applied the move, and while the release is pending: refused.
        Assert.NotNull(LeaseWitness.Refusal(OwnedByA(), "a", [new LeaseClaim("r", 1)], fencedAt: 2));
        Assert.Equal("the leader is releasing a's roles (fenced at token 2)", LeaseWitness.Refusal(MovedFromA(), "a", claims, fencedAt: 2));

        // Released: the fence is moot, and a has nothing left to claim.
        var released = MovedFromA().Run([new RoleReleased(T0, "r", "a", "lease ended")]);
        Assert.Null(LeaseWitness.Refusal(released, "a", LeaseWitness.ClaimsOf(released, "a"), fencedAt: 2));
    }

    [Fact]
    public void Refusal_PlannedMoveNotFenced_OldOwnerStillNotedWhileItStops()
    {
        var moving = OwnedByA().Run([new RoleOwnerChanged(T0, "r", "b", MoveKind.Move, AwaitRelease: true, "operator")]);

        Assert.Null(LeaseWitness.Refusal(moving, "a", LeaseWitness.ClaimsOf(moving, "a"), fencedAt: null));
    }

    [Theory]
    [InlineData(new[] { 300, 100, 200 }, 3, 200)]
    [InlineData(new[] { 300, 100 }, 3, 300)]
    [InlineData(new[] { 100 }, 3, null)]
    [InlineData(new[] { 500, 100, 400, 200, 300 }, 5, 300)]
    [InlineData(new[] { 100, 200 }, 5, null)]
    [InlineData(new[] { 100, 200 }, 2, 200)]
    public void WitnessedEnd_LatestEndOfTheEarliestMajority(int[] endsMs, int members, int? expectedMs)
    {
        var end = LeaseWitness.WitnessedEnd([.. endsMs.Select(ms => TimeSpan.FromMilliseconds(ms))], members);

        Assert.Equal(expectedMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, end);
    }

    [Fact]
    public void WitnessedEnd_BoundsEveryMajorityThatCouldHaveNoted()
    {
        // Five members; every set of answers of size ≥ 3, and every majority of notes: the
        // majority that noted shares a member with the answers, whose promise ends by the bound.
        var ends = new[] { 40, 10, 50, 20, 30 }.Select(ms => TimeSpan.FromMilliseconds(ms)).ToArray();
        for (var answered = 0; answered < 32; answered++)
        {
            var answers = Enumerable.Range(0, 5).Where(i => (answered & (1 << i)) != 0).ToArray();
            if (LeaseWitness.WitnessedEnd([.. answers.Select(i => ends[i])], 5) is not { } bound)
            {
                Assert.True(answers.Length < 3);
                continue;
            }

            for (var noted = 0; noted < 32; noted++)
            {
                var majority = Enumerable.Range(0, 5).Where(i => (noted & (1 << i)) != 0).ToArray();
                if (majority.Length >= 3)
                {
                    Assert.Contains(majority.Intersect(answers), i => ends[i] <= bound);
                }
            }
        }
    }

    [Fact]
    public void FenceToken_HighestAwaitedToken()
    {
        Assert.Null(LeaseWitness.FenceToken(OwnedByA(), "a"));
        Assert.Equal(2, LeaseWitness.FenceToken(MovedFromA(), "a"));
        Assert.Null(LeaseWitness.FenceToken(MovedFromA(), "b"));
    }

    [Fact]
    public void PrefenceToken_DownOwner_TheTokenItsMoveTakes()
    {
        var down = OwnedByA().Run([new NodeDown(T0, "a", "x")]);
        var early = LeaseWitness.PrefenceToken(down, "a");

        Assert.Equal(2, early);
        Assert.Null(LeaseWitness.PrefenceToken(OwnedByA(), "a"));   // Up: nothing to fence
        Assert.Null(LeaseWitness.PrefenceToken(down, "b"));          // owns nothing
        Assert.Null(LeaseWitness.PrefenceToken(MovedFromA(), "a"));  // moved: FenceToken takes over

        // The move takes the token fenced early, so the release finds that round done; and while
        // the move is not yet applied, a member fenced at it refuses a's notes.
        Assert.Equal(early, LeaseWitness.FenceToken(MovedFromA(), "a"));
        Assert.NotNull(LeaseWitness.Refusal(down, "a", LeaseWitness.ClaimsOf(down, "a"), fencedAt: early));
        Assert.NotNull(LeaseWitness.Refusal(MovedFromA(), "a", LeaseWitness.ClaimsOf(MovedFromA(), "a"), fencedAt: early));
    }
}
