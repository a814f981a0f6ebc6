using Understudy.Core.Chaos;

namespace Understudy.Core.Tests.Chaos;

public sealed class HistoryCheckerTests
{
    private static KvOperation Write(string key, long value, long from, long to, KvOutcome outcome = KvOutcome.Ok, long? token = 1) =>
        new(0, KvOperationKind.Write, key, value, from, to, outcome, outcome == KvOutcome.Ok ? token : null);

    private static KvOperation Read(string key, long? value, long from, long to, long token = 1) =>
        new(1, KvOperationKind.Read, key, value, from, to, KvOutcome.Ok, token);

    private static IReadOnlyList<HistoryViolation> Check(params KvOperation[] history) => HistoryChecker.Check(history, []);

    [Fact]
    public void Check_LinearHistory_FindsNothing()
    {
        var found = Check(
            Write("a", 1, 0, 10),
            Read("a", 1, 11, 12),
            Write("a", 2, 13, 20),
            Read("a", 1, 14, 15), // concurrent with the write of 2: the old value is allowed
            Read("a", 2, 21, 22));

        Assert.Empty(found);
    }

    [Fact]
    public void Check_ReadAfterAcknowledgedWriteFindsOlder_IsLostWrite()
    {
        var found = Check(Write("a", 1, 0, 10), Write("a", 2, 11, 20), Read("a", 1, 21, 22));

        var v = Assert.Single(found);
        Assert.Equal(HistoryViolationKind.LostWrite, v.Kind);
        Assert.Contains("a=2", v.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnknownWriteLandsAfterALaterAcknowledgedOne_IsNotLost()
    {
        var found = Check(Write("a", 1, 0, 10, KvOutcome.Unknown), Write("a", 2, 11, 20), Read("a", 1, 21, 22), Read("a", 1, 23, 24));

        Assert.Empty(found);
    }

    [Fact]
    public void Check_AcknowledgedLowerWriteComesBackAfterAHigher_IsLostWrite()
    {
        var found = Check(Write("a", 1, 0, 10), Write("a", 2, 11, 20), Read("a", 2, 21, 22), Read("a", 1, 23, 24));

        Assert.Contains(found, v => v.Kind == HistoryViolationKind.LostWrite);
        Assert.Contains(found, v => v.Kind == HistoryViolationKind.ReadWentBackwards);
    }

    [Fact]
    public void Check_ReadAfterAcknowledgedWriteFindsNothing_IsLostWrite()
    {
        var found = Check(Write("a", 1, 0, 10), Read("a", null, 11, 12));

        Assert.Equal(HistoryViolationKind.LostWrite, Assert.Single(found).Kind);
    }

    [Fact]
    public void Check_ReadBeginsAtTheInstantTheWriteIsAcknowledged_IsConcurrentNotLost()
    {
        var found = Check(Write("a", 1, 0, 10), Read("a", null, 10, 12));

        Assert.Empty(found);
    }

    [Fact]
    public void Check_UnknownWriteNotFound_IsNotLost()
    {
        var found = Check(Write("a", 1, 0, 10, KvOutcome.Unknown), Read("a", null, 11, 12));

        Assert.Empty(found);
    }

    [Fact]
    public void Check_LaterReadFindsOlderValue_ReadWentBackwards()
    {
        // The write of 2 is unknown (so no write is lost), but one read saw it and a later one did not.
        var found = Check(Write("a", 1, 0, 10), Write("a", 2, 11, 30, KvOutcome.Unknown), Read("a", 2, 12, 13), Read("a", 1, 14, 15));

        var v = Assert.Single(found);
        Assert.Equal(HistoryViolationKind.ReadWentBackwards, v.Kind);
    }

    [Fact]
    public void Check_LaterReadFindsOlderDataToken_ReadWentBackwards()
    {
        var found = Check(Read("a", null, 0, 1, token: 5), Read("a", null, 2, 3, token: 4));

        var v = Assert.Single(found);
        Assert.Equal(HistoryViolationKind.ReadWentBackwards, v.Kind);
        Assert.StartsWith("data token", v.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ReadFindsValueOfRefusedWrite_ValueNeverWritten()
    {
        var found = Check(Write("a", 1, 0, 10, KvOutcome.Fail), Read("a", 1, 11, 12));

        Assert.Equal(HistoryViolationKind.ValueNeverWritten, Assert.Single(found).Kind);
    }

    [Fact]
    public void Check_ReadFindsValueBeforeItsWriteWasSent_ValueNeverWritten()
    {
        var found = Check(Read("a", 1, 0, 5), Write("a", 1, 6, 10));

        Assert.Equal(HistoryViolationKind.ValueNeverWritten, Assert.Single(found).Kind);
    }

    [Fact]
    public void Check_WriteUnderOlderTokenAcceptedAfterNewer_OlderTokenAccepted()
    {
        var found = Check(Write("a", 1, 0, 10, token: 7), Write("b", 1, 11, 20, token: 6));

        var v = Assert.Single(found);
        Assert.Equal(HistoryViolationKind.OlderTokenAccepted, v.Kind);
        Assert.Contains("token 6", v.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WriteUnderOlderTokenAcceptedAfterNewerTokenWasRead_OlderTokenAccepted()
    {
        var found = Check(Read("b", null, 0, 5, token: 7), Write("a", 1, 6, 10, token: 6));

        Assert.Equal(HistoryViolationKind.OlderTokenAccepted, Assert.Single(found).Kind);
    }

    [Fact]
    public void Check_ConcurrentWritesUnderTwoTokens_AreNotOrdered()
    {
        var found = Check(Write("a", 1, 0, 10, token: 7), Write("b", 1, 5, 20, token: 6));

        Assert.Empty(found);
    }

    [Fact]
    public void Check_TwoInstancesShareAToken_TokenNotGrowing()
    {
        var found = HistoryChecker.Check([], [new(0, "n1", 100, 3), new(10, "n2", 200, 3)]);

        var v = Assert.Single(found);
        Assert.Equal(HistoryViolationKind.TokenNotGrowing, v.Kind);
        Assert.Contains("token 3 held on two nodes: n1 pid 100", v.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RestartInPlaceUnderTheSameToken_FindsNothing()
    {
        var found = HistoryChecker.Check([], [new(0, "n1", 100, 3), new(4, "n1", 100, 3), new(10, "n1", 101, 3)]);

        Assert.Empty(found);
    }

    [Fact]
    public void Check_TwoLiveInstancesOfOneNodeShareAToken_TokenNotGrowing()
    {
        var found = HistoryChecker.Check([], [new(0, "n1", 100, 3), new(5, "n1", 101, 3), new(8, "n1", 100, 3)]);

        var v = Assert.Single(found);
        Assert.Equal(HistoryViolationKind.TokenNotGrowing, v.Kind);
        Assert.Contains("two live instances", v.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LaterInstanceHasLowerToken_TokenNotGrowing()
    {
        var found = HistoryChecker.Check([], [new(0, "n1", 100, 3), new(5, "n1", 100, 3), new(10, "n2", 200, 2)]);

        Assert.Equal(HistoryViolationKind.TokenNotGrowing, Assert.Single(found).Kind);
    }

    [Fact]
    public void Check_InstancesWithGrowingTokens_FindsNothing()
    {
        var found = HistoryChecker.Check([], [new(0, "n1", 100, 3), new(10, "n2", 200, 4), new(20, "n1", 300, 6)]);

        Assert.Empty(found);
    }

    [Fact]
    public void Check_OneLostWriteSeenByManyReads_IsReportedOnce()
    {
        var found = Check(Write("a", 1, 0, 10), Read("a", null, 11, 12), Read("a", null, 13, 14));

        Assert.Single(found);
    }
}
