using Understudy.Core.Heartbeats;

namespace Understudy.Core.Tests.Heartbeats;

public sealed class ReplayWindowTests
{
    private const HeartbeatRejection Ok = HeartbeatRejection.None;
    private const HeartbeatRejection Replayed = HeartbeatRejection.Replayed;
    private const HeartbeatRejection Stale = HeartbeatRejection.StaleIncarnation;

    /// <summary>Each case: "incarnation:sequence=expected" steps applied in order to a fresh window.</summary>
    public static TheoryData<string, (long Incarnation, long Sequence, HeartbeatRejection Expected)[]> Cases => new()
    {
        { "in order", [(1, 1, Ok), (1, 2, Ok), (1, 3, Ok)] },
        { "duplicate of highest", [(1, 5, Ok), (1, 5, Replayed)] },
        { "gap then late arrivals", [(1, 1, Ok), (1, 5, Ok), (1, 3, Ok), (1, 2, Ok), (1, 4, Ok), (1, 3, Replayed)] },
        { "out of order within window", [(1, 100, Ok), (1, 50, Ok), (1, 99, Ok), (1, 50, Replayed), (1, 99, Replayed)] },
        { "63 behind unseen", [(1, 100, Ok), (1, 37, Ok)] },
        { "63 behind seen", [(1, 37, Ok), (1, 100, Ok), (1, 37, Replayed)] },
        { "64 behind", [(1, 100, Ok), (1, 36, Replayed)] },
        { "far behind", [(1, 1_000_000, Ok), (1, 1, Replayed)] },
        { "jump beyond window clears bitmap", [(1, 1, Ok), (1, 200, Ok), (1, 199, Ok), (1, 137, Ok), (1, 136, Replayed)] },
        { "slide by exactly 64", [(1, 10, Ok), (1, 74, Ok), (1, 10, Replayed), (1, 11, Ok)] },
        { "higher incarnation resets", [(1, 500, Ok), (2, 1, Ok), (2, 2, Ok), (2, 1, Replayed)] },
        { "higher incarnation may start anywhere", [(1, 5, Ok), (9, 5, Ok), (9, 4, Ok)] },
        { "lower incarnation is stale", [(5, 1, Ok), (4, 1000, Stale), (5, 2, Ok)] },
        { "incarnation zero is valid", [(0, 1, Ok), (0, 1, Replayed), (0, 2, Ok)] },
        { "stale incarnation below zero", [(-1, 1, Stale)] },
        { "sequence zero never accepted", [(0, 0, Replayed)] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Accept_Steps_GiveExpectedVerdicts(string name, (long Incarnation, long Sequence, HeartbeatRejection Expected)[] steps)
    {
        var window = new ReplayWindow();
        for (var i = 0; i < steps.Length; i++)
        {
            var (incarnation, sequence, expected) = steps[i];
            Assert.True(expected == window.Accept(incarnation, sequence), $"{name}: step {i} ({incarnation}:{sequence}) expected {expected}");
        }
    }

    [Fact]
    public void Check_DoesNotRecord()
    {
        var window = new ReplayWindow();
        window.Accept(1, 10);

        Assert.Equal(Ok, window.Check(1, 11));
        Assert.Equal(Ok, window.Check(1, 11));
        Assert.Equal(Ok, window.Check(2, 1));
        Assert.Equal(1, window.Incarnation);
        Assert.Equal(10, window.HighestSequence);
        Assert.Equal(Replayed, window.Check(1, 10));
    }

    [Fact]
    public void Accept_TracksIncarnationAndHighest()
    {
        var window = new ReplayWindow();
        Assert.Equal(0, window.Incarnation);
        Assert.Equal(0, window.HighestSequence);

        window.Accept(3, 7);
        window.Accept(3, 5);

        Assert.Equal(3, window.Incarnation);
        Assert.Equal(7, window.HighestSequence);
    }

    [Fact]
    public void Accept_EveryOrderWithinWindow_AcceptsEachOnce()
    {
        var random = new Random(2401);
        var window = new ReplayWindow();
        window.Accept(1, 64);
        var sequences = Enumerable.Range(1, 63).Select(i => (long)i).OrderBy(_ => random.Next()).ToArray();

        foreach (var sequence in sequences)
        {
            Assert.Equal(Ok, window.Accept(1, sequence));
        }

        foreach (var sequence in sequences)
        {
            Assert.Equal(Replayed, window.Accept(1, sequence));
        }
    }
}
