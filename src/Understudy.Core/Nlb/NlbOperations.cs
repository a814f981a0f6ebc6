namespace Understudy.Core.Nlb;

/// <summary>
/// Which state an operation leads to. As Windows NLB, a suspended host ignores everything but
/// resume, and resume leaves it stopped (start gives it its share back); drainstop of a member
/// that takes no traffic has nothing to drain.
/// </summary>
public static class NlbOperations
{
    /// <summary>The state after <paramref name="operation"/> on a member in <paramref name="current"/>.</summary>
    public static NlbTransition Next(NlbMemberState current, NlbOperation operation) => (current, operation) switch
    {
        (NlbMemberState.Suspended, NlbOperation.Resume) => new(NlbMemberState.Stopped, null),
        (NlbMemberState.Suspended, NlbOperation.Suspend) => new(NlbMemberState.Suspended, null),
        (NlbMemberState.Suspended, _) => new(null, "the member is suspended; resume it first"),
        (_, NlbOperation.Resume) => new(null, $"the member is {current}, not suspended"),
        (_, NlbOperation.Start) => new(NlbMemberState.Started, null),
        (_, NlbOperation.Stop) => new(NlbMemberState.Stopped, null),
        (_, NlbOperation.Suspend) => new(NlbMemberState.Suspended, null),
        (NlbMemberState.Stopped, NlbOperation.DrainStop) => new(NlbMemberState.Stopped, null),
        (_, NlbOperation.DrainStop) => new(NlbMemberState.Draining, null),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };
}
